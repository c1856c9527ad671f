"""Education is written for everyone: Flesch-Kincaid grade 8 or below, measured, not hoped."""

import pytest

from rehab.content.check import MAX_READING_GRADE
from rehab.content.readability import grade, readability, sentences, syllables


@pytest.mark.parametrize(
    "word, count",
    [("cat", 1), ("table", 2), ("make", 1), ("walked", 1), ("wanted", 2), ("uses", 2), ("people", 2),
     ("exercise", 3), ("comfortable", 4), ("rehabilitation", 6), ("yes", 1), ("", 0)],
)
def test_syllables_are_counted_like_a_person_would(word, count):
    assert syllables(word) == count


def test_the_grade_follows_the_flesch_kincaid_formula():
    # 6 words, 1 sentence, 6 syllables: 0.39*6 + 11.8*1 - 15.59 = -1.45
    assert abs(grade("The cat sat on the mat.") - (-1.45)) <= 0.051
    r = readability("The cat sat on the mat.")
    assert (r.words, r.sentences, r.syllables) == (6, 1, 6)


def test_long_words_and_long_sentences_read_as_harder():
    plain = "Move a little more each week. Rest when you need to. Keep going on bad days."
    dense = ("Individualised rehabilitation necessitates comprehensive biopsychosocial consideration "
             "incorporating multidimensional musculoskeletal characteristics and longitudinal evaluation.")
    assert grade(plain) < 3
    assert grade(dense) > 16


def test_titles_and_list_lines_count_as_sentences():
    assert len(sentences("A title\nFirst point.\nSecond point")) == 3


def test_every_education_module_reads_at_grade_eight_or_below(library):
    for module in library.education.values():
        assert grade(module.text) <= MAX_READING_GRADE, module.id
        assert grade(" ".join(module.body)) <= MAX_READING_GRADE, module.id


def test_exercise_instructions_are_plain_too(library):
    for e in library.exercises.values():
        assert grade("\n".join((*e.steps, *e.cues, *e.errors))) <= MAX_READING_GRADE, e.id
