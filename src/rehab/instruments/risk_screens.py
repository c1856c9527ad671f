"""Risk of a poor outcome: Keele STarT Back and the Örebro short form (clinical reference §1.10-1.11).

Both sort people by how likely their pain is to persist and disable, so that care can be matched
to risk. Neither item wording is stored: STarT Back is © Keele University (commercial use needs
Keele's agreement and the copyright statement must stay on the tool) and the Örebro item keys
must still be checked against the official form.
"""

from __future__ import annotations

from rehab.instruments.model import (
    Band,
    Bands,
    Cited,
    Direction,
    Item,
    Licence,
    Mark,
    Questionnaire,
    ResponseScale,
    Subscale,
)

AGREE = ResponseScale(0, 1, anchors=((0, "disagree"), (1, "agree")))
BOTHERSOME = ResponseScale(
    0, 4, anchors=((0, "not at all"), (1, "slightly"), (2, "moderately"), (3, "very much"), (4, "extremely"))
)
KEELE = Cited("Keele STarT Back online calculator (keele.ac.uk/sbst)", Mark.CHECKED)

START_BACK = Questionnaire(
    id="start_back",
    name="Keele STarT Back Screening Tool",
    version="9-item STarT Back, Hill 2008, in Keele's current item order",
    recall="last 2 weeks",
    items=(
        Item("q1", "back pain spread down the leg(s)", AGREE),
        Item("q2", "shoulder or neck pain", AGREE),
        Item("q3", "walked only short distances", AGREE),
        Item("q4", "dressed more slowly", AGREE),
        Item("q5", "not safe to be physically active (fear)", AGREE),
        Item("q6", "worrying thoughts (anxiety)", AGREE),
        Item("q7", "pain terrible, never going to get better (catastrophising)", AGREE),
        Item("q8", "not enjoyed things (low mood)", AGREE),
        # Overall bothersomeness: only 'very much' and 'extremely' score a point.
        Item("q9", "overall bothersomeness", BOTHERSOME, points=(0, 0, 0, 1, 1)),
    ),
    scoring="sum",
    scoring_rule="q1-q8 agree = 1, disagree = 0; q9 scores 1 for 'very much' or 'extremely', else 0; total 0-9; "
    "psychosocial subscale = q5-q9, 0-5",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("Hill 2008; scoring per physio-pedia and RehabMeasures, classification per Keele", Mark.SECONDARY),
    licence=Licence(
        False,
        "© Keele University. No licence needed for non-commercial use; a commercial product must contact Keele "
        "(Impact Accelerator Unit), and the copyright and funding statement must stay on the tool. Item wording is "
        "not stored; labels are short paraphrases. Meant for low back pain in primary care: Keele does not endorse "
        "modified versions for other regions (STarT MSK is a separate, licensed tool)",
        Cited("keele.ac.uk/sbst, startback.hfac.keele.ac.uk, keele.ac.uk/startmsk/legal", Mark.CHECKED),
    ),
    missing_rule="every item must be answered; an incomplete form gets no total and no risk group",
    subscales=(Subscale("psychosocial", "Psychosocial (distress)", ("q5", "q6", "q7", "q8", "q9"), cited=KEELE),),
    bands=Bands(
        (
            Band("low risk", 0, snomed="945621000000107"),
            Band("medium risk", 4, snomed="45641000000100"),
            Band("high risk", 4, subscale="psychosocial", subscale_minimum=4, snomed="45601000000103"),
        ),
        Cited("Keele calculator: total <= 3 low; >= 4 medium; >= 4 with psychosocial >= 4 high", Mark.CHECKED),
    ),
    notes=(
        "some reviews number the psychosocial items differently; this follows Keele's order",
        "the 6-item version (q2, q5, q6 removed) is not implemented",
    ),
)

ZERO_TO_TEN = ResponseScale(0, 10)
OREBRO_KEYS = Cited("item keys per the official form as summarised by physiotutors; not verified", Mark.UNVERIFIED)

OMPSQ_SF = Questionnaire(
    id="ompsq_sf",
    name="Örebro Musculoskeletal Pain Screening Questionnaire, short form (ÖMPSQ-10)",
    version="ÖMPSQ-10, Linton, Nicholas & MacDonald 2011",
    recall="mostly the past week",
    items=(
        Item("q1", "how long the pain has lasted: duration category 1 (0-1 week) to 10 (over a year)", ResponseScale(1, 10)),
        Item("q2", "pain intensity in the past week", ZERO_TO_TEN),
        Item("q3", "able to do light work for an hour (reverse-scored)", ZERO_TO_TEN, reverse=True),
        Item("q4", "able to sleep at night (reverse-scored)", ZERO_TO_TEN, reverse=True),
        Item("q5", "tense or anxious in the past week", ZERO_TO_TEN),
        Item("q6", "bothered by low mood in the past week", ZERO_TO_TEN),
        Item("q7", "own estimate of the risk that the pain persists", ZERO_TO_TEN),
        Item("q8", "own estimate of the chance of doing normal duties in 3 months (reverse-scored)", ZERO_TO_TEN, reverse=True),
        Item("q9", "belief that more pain means stop the activity", ZERO_TO_TEN),
        Item("q10", "belief that normal activities should wait with this pain", ZERO_TO_TEN),
    ),
    scoring="sum",
    scoring_rule="sum of 10 items scored 0-10 (q1 as its duration category 1-10; q3, q4 and q8 as 10 minus the "
    "answer); higher = greater risk",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("Linton, Nicholas & MacDonald 2011, Spine 36:1891 (short-long form r = 0.91)", Mark.CHECKED),
    licence=Licence(
        False,
        "widely used without a fee, status for software unconfirmed; item keys unverified: item wording not stored",
        Cited("clinical reference §1.0", Mark.UNVERIFIED),
    ),
    missing_rule="every item must be answered; an incomplete form gets no total",
    bands=Bands(
        (Band("below the risk cut-off", 1), Band("at or above the risk cut-off", 50)),
        Cited("Linton 2011: a cut-off of 50 caught 85% (occupational) and 83% (primary care) of later sick-leave "
              "disability; the best cut-off varies in chronic samples (French validation 2021)", Mark.CHECKED),
    ),
    notes=(
        "the reference gives the range as 0-100; with q1 coded 1-10 the lowest possible total is 1",
        OREBRO_KEYS.source,
    ),
)

RISK_SCREENS = (START_BACK, OMPSQ_SF)
