"""Pain-related fear, catastrophising and self-efficacy: TSK-11, PCS and PSEQ (clinical reference
§1.7-1.9).

These three decide *how* a program should progress more than *how fast*: high fear points to
graded exposure, high catastrophising and low confidence to psychologically informed care. All
three are copyrighted or of unconfirmed status for software, so only item numbers are stored.
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
    Mcid,
    Mdc,
    Questionnaire,
    ResponseScale,
    Subscale,
)

REJECT_INCOMPLETE = "every item must be answered; an incomplete form gets no total (no prorating rule is applied)"


def _numbered(count: int, scale: ResponseScale, groups: dict[str, tuple[int, ...]] | None = None) -> tuple[Item, ...]:
    """Items q1..qN labelled by number (and subscale, where there is one): no wording is stored."""
    group_of = {n: name for name, numbers in (groups or {}).items() for n in numbers}
    return tuple(
        Item(f"q{n}", f"item {n}" + (f" ({group_of[n]})" if n in group_of else ""), scale) for n in range(1, count + 1)
    )


TSK11 = Questionnaire(
    id="tsk11",
    name="Tampa Scale of Kinesiophobia, 11-item",
    version="TSK-11, Woby 2005 (not the TSK-17, which ranges 17-68 and has reverse-keyed items)",
    recall="now",
    items=_numbered(11, ResponseScale(1, 4, anchors=((1, "strongly disagree"), (4, "strongly agree")))),
    scoring="sum",
    scoring_rule="sum of 11 items scored 1-4, 11-44; no reverse-keyed items",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("Woby 2005 (range: physiotutors, MAT); no reverse-keyed items in TSK-11 (unverified)", Mark.CHECKED),
    licence=Licence(
        False,
        "widely used without a fee; copyright and reproduction rights not confirmed: item wording not stored",
        Cited("clinical reference §1.0", Mark.UNVERIFIED),
    ),
    missing_rule=REJECT_INCOMPLETE,
    bands=Bands(
        (Band("minimal", 11), Band("low", 23), Band("moderate", 29), Band("high", 36)),
        Cited("Chimenti 2021, Front Pain Res (validated in Achilles tendinopathy)", Mark.CHECKED),
    ),
    mcid=Mcid(4, None, Cited("Woby 2005", Mark.UNVERIFIED)),
    notes=(
        "MDC about 16% of the total score (Dupuis 2023 systematic review, Clin J Pain); the base of that percentage "
        "is not stated, so it is not used to judge reliable change",
        "TSK-17 MIC 5.5 points or an 18% drop in chronic LBP (Monticone 2016) does not apply to TSK-11",
    ),
)

PCS = Questionnaire(
    id="pcs",
    name="Pain Catastrophizing Scale",
    version="PCS, 13 items, Sullivan, Bishop & Pivik 1995",
    recall="when in pain",
    items=_numbered(
        13,
        ResponseScale(0, 4, anchors=((0, "not at all"), (4, "all the time"))),
        {"helplessness": (1, 2, 3, 4, 5, 12), "magnification": (6, 7, 13), "rumination": (8, 9, 10, 11)},
    ),
    scoring="sum",
    scoring_rule="sum of 13 items scored 0-4, 0-52; subscales are sums of their items",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("Sullivan, Bishop & Pivik 1995", Mark.SECONDARY),
    licence=Licence(
        False,
        "copyright M. Sullivan; listed as free by RehabMeasures, but embedding in commercial software needs the "
        "author's permission: item wording not stored",
        Cited("clinical reference §1.0", Mark.SECONDARY),
    ),
    missing_rule=REJECT_INCOMPLETE + "; a subscale whose items are all answered is still scored",
    subscales=(
        Subscale("rumination", "Rumination", ("q8", "q9", "q10", "q11"), cited=Cited("RehabMeasures", Mark.SECONDARY)),
        Subscale("magnification", "Magnification", ("q6", "q7", "q13"), cited=Cited("RehabMeasures", Mark.SECONDARY)),
        Subscale(
            "helplessness", "Helplessness", ("q1", "q2", "q3", "q4", "q5", "q12"), cited=Cited("RehabMeasures", Mark.SECONDARY)
        ),
    ),
    bands=Bands(
        (Band("below the clinical threshold", 0), Band("clinically relevant catastrophising", 30)),
        Cited("total >= 30, about the 75th percentile of chronic pain samples", Mark.SECONDARY),
    ),
    mcid=Mcid(
        8,
        None,
        Cited("Monticone 2022, Eur J Phys Rehabil Med 58:68 (8 points overall, 11 when the baseline is above 30)", Mark.CHECKED),
        high_baseline=30,
        high_baseline_points=11,
    ),
    mdc=Mdc(7.73, None, Cited("Monticone 2022 (chronic LBP; confidence level not stated in the reference)", Mark.CHECKED)),
    notes=("alternative MCID: a 38% reduction (Scott, Wideman & Sullivan 2014, unverified)",),
)

PSEQ = Questionnaire(
    id="pseq",
    name="Pain Self-Efficacy Questionnaire",
    version="PSEQ, 10 items, Nicholas 1989/2007",
    recall="now",
    items=_numbered(10, ResponseScale(0, 6, anchors=((0, "not at all confident"), (6, "completely confident")))),
    scoring="sum",
    scoring_rule="sum of 10 items scored 0-6, 0-60",
    direction=Direction.HIGHER_IS_BETTER,
    cited=Cited("Nicholas 2007, Eur J Pain", Mark.SECONDARY),
    licence=Licence(
        False,
        "copyright M. Nicholas; free for clinical practice, use in commercial software unconfirmed: item wording not "
        "stored",
        Cited("clinical reference §1.0", Mark.UNVERIFIED),
    ),
    missing_rule=REJECT_INCOMPLETE,
    # Nicholas: about >= 40 goes with better function and return to work; below about 20-25 with low
    # self-efficacy. The lower edge is set at 25 so that borderline scores are screened in.
    bands=Bands(
        (Band("low self-efficacy", 0), Band("moderate self-efficacy", 25), Band("high self-efficacy", 40)),
        Cited("Nicholas 2007, soft guidance (below about 20-25 low, about 40 and above high)", Mark.UNVERIFIED),
    ),
    mcid=Mcid(
        11,
        None,
        Cited(
            "Chiarotto 2016, J Pain 17:707 (about 11 points, value unverified); Maughan & Lewis 2010: 5.5; "
            "Suzuki 2020: 6.48 matches an NRS change of 2",
            Mark.UNVERIFIED,
        ),
    ),
)

PAIN_BELIEFS = (TSK11, PCS, PSEQ)
