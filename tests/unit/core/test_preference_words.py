"""A person's likes and dislikes read as library words only where the match is fair (a
physiotherapist's review): "I don't like lifting" is often fear, a matter for graded exposure and a
conversation, not a reason to drop every strengthening exercise."""

from rehab.content.loader import packaged_library
from rehab.core.planning.preference_words import read_words

LIBRARY = packaged_library()


def test_lifting_is_kept_in_her_words_not_read_as_every_strength_exercise():
    read = read_words(["lifting"], LIBRARY)
    assert read.library_words == () and read.kept == ("lifting",)


def test_weights_means_the_equipment_not_the_whole_strength_component():
    assert read_words(["weights"], LIBRARY).library_words == ("dumbbell",)


def test_words_with_more_than_one_fair_meaning_are_kept_as_said():
    for said in ("plank", "steps"):  # a front plank is not the side plank; steps may be a step count
        assert read_words([said], LIBRARY).kept == (said,), said


def test_the_floor_means_getting_down_to_it_not_every_exercise_lying_on_a_bed():
    """An older woman who would rather not do "the floor" means kneeling, all fours, sitting or
    planks on the floor; a bridge or heel slides can be done on her bed (a physiotherapist's review)."""
    from rehab.core.planning.selection import keywords

    assert read_words(["floor"], LIBRARY).library_words == ("floor_work",)
    words = {e.id: keywords(e) for e in LIBRARY.exercises.values()}
    assert "floor_work" in words["floor_sit_with_chair"] and "floor_work" in words["bird_dog"]
    assert "floor_work" not in words["bridge_small"] and "floor_work" not in words["heel_slides"]
