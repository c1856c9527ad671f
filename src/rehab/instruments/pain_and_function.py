"""Pain intensity and function: NPRS, PEG-3, PSFS and LEFS (clinical reference §1.1-1.3, §1.13).

These are the measures a program is steered by week to week, so each carries the smallest change
that matters to patients (MCID) and, where published, the smallest change beyond measurement
error (MDC).
"""

from __future__ import annotations

from rehab.instruments.model import (
    Band,
    Bands,
    Cited,
    Direction,
    Item,
    Licence,
    Loinc,
    Mark,
    Mcid,
    Mdc,
    PatientNamedItems,
    Questionnaire,
    ResponseScale,
)

ZERO_TO_TEN = ResponseScale(0, 10)
REJECT_INCOMPLETE = "every item must be answered; an incomplete form gets no total (no prorating rule is published)"

NPRS = Questionnaire(
    id="nprs",
    name="Numeric Pain Rating Scale (0-10)",
    version="NPRS 0-10, one item",
    recall="state it with every rating: pain now, average over 24 h, or worst over 24 h",
    items=(
        Item(
            "pain",
            "pain intensity",
            ResponseScale(0, 10, anchors=((0, "no pain"), (10, "worst pain imaginable"))),
            # A generic scale with no owner: the prompt is written here.
            text="Pick the number from 0 (no pain) to 10 (the worst pain you can imagine) that fits your pain.",
        ),
    ),
    scoring="sum",
    scoring_rule="the rating itself, 0-10",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("generic 11-point numeric rating scale", Mark.UNVERIFIED),
    licence=Licence(True, "generic scale with no owner; free to use", Cited("clinical reference §1.0", Mark.UNVERIFIED)),
    missing_rule="one item: no rating, no score",
    # No single standard: the common 1-3 / 4-6 / 7-10 scheme (BPI-style cut points differ, Serlin 1995).
    bands=Bands(
        (Band("none", 0), Band("mild", 1), Band("moderate", 4), Band("severe", 7)),
        Cited("common 1-3 mild / 4-6 moderate / 7-10 severe scheme; Serlin 1995 cut points differ", Mark.UNVERIFIED),
    ),
    mcid=Mcid(
        points=2,
        percent=30,
        cited=Cited(
            "a fall of >= 2 points and >= 30%: Farrar 2001 (figures not confirmed), Suzuki 2020 (2 points, chronic LBP), "
            "Abbott & Schmitt 2014 (1.5-3.5 points, MSK physiotherapy)",
            Mark.UNVERIFIED,
        ),
    ),
    loinc=Loinc(None, "72514-3", Cited("HL7 Belgium FHIR IG", Mark.SECONDARY)),
)

PEG = Questionnaire(
    id="peg",
    name="PEG-3 (Pain, Enjoyment of life, General activity)",
    version="PEG-3, Krebs 2009; items taken from the Brief Pain Inventory",
    recall="past week",
    items=(
        Item("pain", "P: average pain in the past week (0-10)", ZERO_TO_TEN),
        Item("enjoyment", "E: pain interfering with enjoyment of life (0-10)", ZERO_TO_TEN),
        Item("activity", "G: pain interfering with general activity (0-10)", ZERO_TO_TEN),
    ),
    scoring="mean",
    scoring_rule="mean of the 3 items, 0-10",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("Krebs 2009, J Gen Intern Med 24:733 (alpha 0.73 and 0.89; responsive at 6 months)", Mark.CHECKED),
    licence=Licence(
        False,
        "the paper is open access but sources disagree on the licence (public domain vs licensed): item wording is "
        "not reproduced until the authors or the VA confirm",
        Cited("clinical reference §1.0", Mark.SECONDARY),
    ),
    missing_rule=REJECT_INCOMPLETE,
    mcid=Mcid(None, 30, Cited("a 30% reduction, the usual convention; no individual threshold published", Mark.UNVERIFIED)),
    loinc=Loinc("91148-7", "91147-9", Cited("panel from two public repositories, score code from one: verify", Mark.SECONDARY)),
)

PSFS = Questionnaire(
    id="psfs",
    name="Patient-Specific Functional Scale",
    version="original PSFS (Stratford 1995): 0 = unable to perform, 10 = able at the pre-problem level. "
    "PSFS 2.0 reverses the scale and is a different instrument",
    recall="today",
    items=(),
    patient_named=PatientNamedItems(
        3, 5, ResponseScale(0, 10, anchors=((0, "unable to perform"), (10, "able to perform at the pre-problem level")))
    ),
    scoring="mean",
    scoring_rule="the patient names 3-5 activities they find hard and rates each 0-10; the score is the mean",
    direction=Direction.HIGHER_IS_BETTER,
    cited=Cited("Stratford 1995 (anchor wording unverified); PSFS 2.0: Thoomes 2023, PTJ", Mark.UNVERIFIED),
    licence=Licence(
        True,
        "generally used free of charge, no licensor known; the items are the patient's own activities",
        Cited("clinical reference §1.0", Mark.UNVERIFIED),
    ),
    missing_rule="every named activity must be rated; single activities can also be tracked on their own",
    # The smallest meaningful value (docs/instruments.md): Abbott & Schmitt's small MID, the same in
    # every body region they studied (clinical reference §1.3). The shoulder's MIC (Rysstad 2020,
    # 1.9-2.0) is region-specific; no region is known when a PSFS is scored, so it is not used.
    mcid=Mcid(
        1.3,
        None,
        Cited(
            "Abbott & Schmitt 2014 (MID 1.3 small, 2.3 medium, 2.7 large, stable across MSK body regions); "
            "region-specific: Rysstad 2020, BMC MSK 21:328 (MIC 1.9-2.0, shoulder pain), not applied",
            Mark.CHECKED,
        ),
        applies_to="all body regions, Abbott & Schmitt 2014",
    ),
    mdc=Mdc(2.0, None, Cited("Stratford 1995: about 2 points for the mean, 3 for a single activity", Mark.UNVERIFIED)),
)

# LEFS item content as short paraphrased labels: reproduction rights for the wording are not confirmed.
_LEFS_ACTIVITIES = (
    "usual work, housework or school",
    "usual hobbies, recreation or sport",
    "getting into or out of the bath",
    "walking between rooms",
    "putting on shoes or socks",
    "squatting",
    "lifting something like a bag of shopping from the floor",
    "light jobs around the home",
    "heavy jobs around the home",
    "getting into or out of a car",
    "walking 2 blocks",
    "walking a mile",
    "going up or down about 10 stairs",
    "standing for an hour",
    "sitting for an hour",
    "running on even ground",
    "running on uneven ground",
    "sharp turns while running fast",
    "hopping",
    "rolling over in bed",
)
_LEFS_SCALE = ResponseScale(0, 4, anchors=((0, "extreme difficulty or unable"), (4, "no difficulty")))

LEFS = Questionnaire(
    id="lefs",
    name="Lower Extremity Functional Scale",
    version="LEFS, 20 items, Binkley 1999",
    recall="today",
    items=tuple(Item(f"q{n}", label, _LEFS_SCALE) for n, label in enumerate(_LEFS_ACTIVITIES, start=1)),
    scoring="sum",
    scoring_rule="sum of 20 items scored 0-4, 0-80; percent of maximal function = score / 80 x 100",
    direction=Direction.HIGHER_IS_BETTER,
    cited=Cited("Binkley 1999, Phys Ther 79:371 (test-retest R 0.94 in the chronic subgroup)", Mark.CHECKED),
    licence=Licence(
        False,
        "widely used without a fee; rights to reproduce the wording are not confirmed, so items carry short "
        "paraphrased labels only",
        Cited("clinical reference §1.0", Mark.UNVERIFIED),
    ),
    missing_rule=REJECT_INCOMPLETE,
    mcid=Mcid(9, None, Cited("Binkley 1999 (90% CI); Abbott & Schmitt 2014: 9 small to 16 large", Mark.CHECKED)),
    mdc=Mdc(9, 0.90, Cited("Binkley 1999", Mark.CHECKED)),
    notes=("healthy normative median 77/80, falling with age (Dingemans 2017, Acta Orthop)",),
)

PAIN_AND_FUNCTION = (NPRS, PEG, PSFS, LEFS)
