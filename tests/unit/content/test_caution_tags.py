"""Which exercises and daily activities carry each caution, written out as a clinician would read
it: for each movement some people must leave out, exactly what the planner removes.

The planner leaves things out by these tags alone, so a tag removed silently hands a movement to a
person it can hurt, and a tag added silently takes useful work away. Either fails here, and the
change has to be made on purpose, in this table, where a physiotherapist can review it.
"""

import pytest

from rehab.core.planning.library import CAUTIONS

# Each caution: (exercise ids, daily activity ids) carrying it, with why in a comment.
TABLE: dict[str, tuple[set[str], set[str]]] = {
    # Spine bent fully forward under load. No exercise: every lift in the library teaches a hip
    # hinge or squat with a long back. Digging, in gardening, bends and loads the spine.
    "loaded_end_range_flexion": (set(), {"gardening"}),
    # Spine twisted under load. No exercise: loaded turns are taught "with your feet, not your
    # back". Digging throws the spadeful to the side.
    "loaded_twisting": (set(), {"gardening"}),
    # Jogging: the only impact in the library.
    "high_impact": ({"walk_jog_intervals"}, set()),
    # Balance with nothing to hold: walking balance work, heel and toe walking, uneven ground,
    # reaching while standing on one leg with no support named.
    "unsupported_balance": (
        {"heel_toe_walk", "heel_walk", "tiptoe_walk", "uneven_ground_walk", "walk_with_head_turns",
         "walk_and_turn", "single_leg_reach",
         # A heavier bag on one side walked in the open, nothing to touch (review 2026-12-03i, finding 1).
         "suitcase_carry"},
        set(),
    ),
    # Down on the floor: hands and knees, planks, push-ups, child's pose, floor sits and rises, and
    # a knee put down on the floor (half-kneeling, kneeling holding a chair): getting up from one
    # knee is a push up from the floor, which a person who cannot get up again must not practise
    # alone. Lying exercises are not floor work: they can be done on a bed (the home advice says so).
    "floor_work": (
        {"thread_the_needle", "four_point_rock_hands", "cat_camel", "child_pose_reach",
         "four_point_weight_shift", "four_point_arm_reach", "four_point_leg_reach", "bird_dog",
         "side_plank_knees", "side_plank", "knee_push_up", "push_up", "bear_hold",
         "floor_sit_with_chair", "floor_sit_without_support", "half_kneeling_hip_flexor", "half_kneel_to_stand",
         "half_kneel_with_chair", "kneel_and_rise_with_chair"},
        {"playing_with_children"},
    ),
    # Weight through the knees: half-kneeling, kneeling, hands and knees, side plank on the knees.
    "kneeling": (
        {"thread_the_needle", "four_point_rock_hands", "half_kneeling_hip_flexor", "half_kneel_to_stand",
         "half_kneel_with_chair", "kneel_and_rise_with_chair", "floor_sit_with_chair",
         "floor_sit_without_support", "cat_camel", "child_pose_reach", "four_point_weight_shift",
         "four_point_arm_reach", "four_point_leg_reach", "bird_dog", "side_plank_knees", "knee_push_up",
         "bear_hold"},
        {"gardening", "playing_with_children"},
    ),
    # Heavy lifts braced against a load: the barbell squat, the kettlebell deadlift, the work
    # lifting circuit.
    "heavy_straining": ({"barbell_squat", "kettlebell_deadlift", "lifting_circuit"}, set()),
    # Hip bent past a right angle: knee to chest, figure four, socks, child's pose, rocking back on
    # hands and knees, a leg held to the chest in a bridge, deep squats, lifting from the floor,
    # getting down to the floor; sitting on the floor with children; weeding on a low stool.
    "deep_hip_flexion": (
        {"knee_to_chest", "figure_four_stretch", "sock_reach", "child_pose_reach", "four_point_weight_shift",
         "single_leg_bridge", "bodyweight_squat", "goblet_squat", "barbell_squat", "lift_from_floor_light",
         "box_lift_floor_to_waist", "kettlebell_deadlift", "box_lift_and_carry", "box_lift_turn_place",
         "lifting_circuit", "floor_sit_with_chair", "floor_sit_without_support"},
        {"gardening", "playing_with_children"},
    ),
    # A weight lifted to or above head height.
    "overhead_loading": ({"box_to_shelf", "shelf_reach_bottle"}, set()),
    # Body weight through the hands: leaning on a table, counter or wall, push-ups, hands and
    # knees, a hand on the chair in a row or on the table in a pendulum, pushing up from the floor.
    "wrist_weight_bearing": (
        {"table_lean_hands", "counter_rock_hands", "four_point_rock_hands", "thread_the_needle", "cat_camel",
         "four_point_weight_shift", "four_point_arm_reach", "four_point_leg_reach", "bird_dog", "wall_push_up",
         "incline_push_up", "knee_push_up", "push_up", "wall_press_hold", "bear_hold", "dumbbell_row",
         "pendulum", "floor_sit_with_chair", "floor_sit_without_support"},
        {"playing_with_children"},
    ),
    # Head turned side to side at speed. The sitting gaze exercise turns the head slowly and a
    # little, so it is gaze work without rapid movement.
    "rapid_head_movement": ({"gaze_head_turns_standing", "walk_with_head_turns"}, set()),
    # Short hard bursts.
    "interval_bursts": ({"walk_jog_intervals", "bike_intervals"}, set()),
    # Head turned to the end of its range: looking over the shoulder; and the head turning with the
    # eyes to follow a moving hand (open book, thread the needle, reach and turn, look up to a shelf).
    "neck_rotation": ({"chin_tuck_turn", "look_over_shoulder", "open_book", "thread_the_needle",
                       "reach_and_rotate", "reach_and_look_up"}, set()),
    # Eyes kept on a target while the head moves.
    "gaze_stability": ({"gaze_head_turns_sitting", "gaze_head_turns_standing"}, set()),
    # Lying face down.
    "prone_lying": ({"prone_head_lift"}, set()),
    # Lying on the back.
    "supine_lying": (
        {"chin_tuck_lying", "chin_nod_lift", "knee_to_chest", "figure_four_stretch", "straight_leg_raise",
         "heel_slides", "bridge_small", "bridge", "bridge_march", "single_leg_bridge", "knee_rolls",
         "stick_overhead_reach", "lying_full_stretch"},
        set(),
    ),
    # Curl-ups and end-range belly work: none in the library. Full planks (side plank with the legs
    # straight, push-up on the toes) load the belly wall most: left out in pregnancy and the first
    # weeks after the birth, which go back to the knee versions (review 2026-12-03i, finding 7).
    "abdominal_end_range": ({"side_plank", "push_up"}, set()),
    # A weight held in the hand: bottles, dumbbells, kettlebells, bags, boxes, a cable handle.
    "grip_loading": (
        {"wrist_lift_bottle", "wrist_lower_dumbbell", "carry_bag_hold", "sit_to_stand_weighted",
         "lift_from_chair_height", "lift_from_floor_light", "box_lift_floor_to_waist", "kettlebell_deadlift",
         "dumbbell_row", "cable_row", "side_lying_external_rotation", "shelf_reach_bottle", "box_to_shelf",
         "goblet_squat", "carry_light_bags", "farmer_carry", "suitcase_carry", "box_lift_and_carry",
         "box_lift_turn_place", "lifting_circuit", "carry_one_bag_worktop"},
        {"carrying"},
    ),
    # Walking or turning with a bag in each hand or a box in both: no hand free for a worktop, rail or
    # stick (review 2026-12-03i, finding 1). The one-bag carry along the counter keeps a hand on it.
    "both_hands_full": (
        {"carry_light_bags", "farmer_carry", "box_lift_and_carry", "box_lift_turn_place", "lifting_circuit"},
        {"carrying"},
    ),
    # Standing on one leg or in a long step: left out in pregnancy with hip pain, read as pelvic girdle
    # pain (review 2026-12-03j, finding 4).
    "single_leg_stance": (
        {"heel_raise_one_leg", "calf_stretch_wall", "standing_hip_flexor_stretch", "single_leg_stand_supported",
         "single_leg_stand", "single_leg_reach", "split_stance_hold", "single_leg_mini_squat"},
        set(),
    ),
}


def test_the_table_has_a_row_for_every_caution_in_the_vocabulary():
    assert set(TABLE) == set(CAUTIONS)


@pytest.mark.parametrize("caution", list(TABLE))
def test_exactly_these_exercises_carry_the_caution(library, caution):
    carrying = {e.id for e in library.exercises.values() if caution in e.cautions}
    assert carrying == TABLE[caution][0]


@pytest.mark.parametrize("caution", list(TABLE))
def test_exactly_these_daily_activities_carry_the_caution(library, caution):
    carrying = {a.id for a in library.activities.values() if caution in a.cautions}
    assert carrying == TABLE[caution][1]


def test_the_physiotherapists_findings_hold():
    """The review that started this: hands-and-knees work is floor work; floor transfers put weight
    through the hands; getting down to the floor and deep squats bend the hip past a right angle."""
    exercises, _ = TABLE["floor_work"]
    assert {"bird_dog", "cat_camel", "four_point_weight_shift"} <= exercises
    assert {"floor_sit_with_chair", "floor_sit_without_support"} <= TABLE["wrist_weight_bearing"][0]
    assert {"floor_sit_with_chair", "floor_sit_without_support", "bodyweight_squat", "goblet_squat",
            "barbell_squat"} <= TABLE["deep_hip_flexion"][0]
