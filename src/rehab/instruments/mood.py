"""Mood screens: PHQ-9, GAD-7 and PHQ-4 (clinical reference §1.4-1.6).

Pfizer states that these may be reproduced, translated, displayed and distributed without
permission, so the published item wording is kept here: a screen is only valid when asked as
published. The PHQ-9 carries the one rule in this package that overrides any total: an answer
above 0 on the self-harm item must reach a clinician the same day.
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
    Questionnaire,
    ResponseScale,
    SafetyRule,
    Subscale,
)

HOW_OFTEN = ResponseScale(
    0, 3, anchors=((0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day"))
)
STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
PFIZER = Licence(
    True,
    "Pfizer: no permission needed to reproduce, translate, display or distribute",
    Cited("Pfizer statement quoted from the SRALab PHQ-4 PDF (clinical reference §1.0)", Mark.SECONDARY),
)
REJECT_INCOMPLETE = "every item must be answered; an incomplete form gets no total (no prorating rule is applied)"


def _item(item_id: str, text: str) -> Item:
    return Item(item_id, text, HOW_OFTEN, text=text)


INTEREST = _item("interest", "Little interest or pleasure in doing things")
DOWN = _item("down", "Feeling down, depressed, or hopeless")
NERVOUS = _item("nervous", "Feeling nervous, anxious, or on edge")
WORRYING = _item("worrying", "Not being able to stop or control worrying")

SELF_HARM_ALERT = SafetyRule(
    item="self_harm",
    at_least=1,
    code="phq9_self_harm",
    message="PHQ-9 item 9 (thoughts of self-harm) answered above 0: pause automated advice and arrange a "
    "same-day risk assessment by a clinician, whatever the total.",
    cited=Cited("standard practice; set the exact pathway by local policy (clinical reference §1.4)", Mark.UNVERIFIED),
    unanswered_message="PHQ-9 item 9 (thoughts of self-harm) was not answered: a missing answer is not a no. Ask "
    "about it today; automated advice is paused until a risk assessment is recorded.",
)

PHQ9 = Questionnaire(
    id="phq9",
    name="Patient Health Questionnaire-9",
    version="PHQ-9, Kroenke, Spitzer & Williams 2001",
    recall="last 2 weeks",
    items=(
        INTEREST,
        DOWN,
        _item("sleep", "Trouble falling or staying asleep, or sleeping too much"),
        _item("tired", "Feeling tired or having little energy"),
        _item("appetite", "Poor appetite or overeating"),
        _item("self_worth", "Feeling bad about yourself — or that you are a failure or have let yourself or your family down"),
        _item("concentration", "Trouble concentrating on things, such as reading the newspaper or watching television"),
        _item(
            "psychomotor",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
            "or restless that you have been moving around a lot more than usual",
        ),
        _item("self_harm", "Thoughts that you would be better off dead or of hurting yourself in some way"),
    ),
    scoring="sum",
    scoring_rule=f"sum of 9 items scored 0-3, 0-27 ({STEM})",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("Kroenke, Spitzer & Williams 2001; cut-off >= 10: Arroll 2010, Ann Fam Med (sens 74%, spec 91%)", Mark.CHECKED),
    licence=PFIZER,
    missing_rule=REJECT_INCOMPLETE + "; the self-harm alert is raised whatever else is missing",
    bands=Bands(
        (Band("minimal", 0), Band("mild", 5), Band("moderate", 10), Band("moderately severe", 15), Band("severe", 20)),
        Cited("Kroenke 2001 bands, via a secondary page", Mark.SECONDARY),
    ),
    mcid=Mcid(5, None, Cited("Löwe 2004: 5 points (Kounali 2022: about 20% or -1.7 points at moderate severity, checked)", Mark.UNVERIFIED)),
    loinc=Loinc("44249-1", "44261-6", Cited("several public repositories, one checked with tx.fhir.org", Mark.SECONDARY)),
    safety=(SELF_HARM_ALERT,),
    notes=("the unscored 10th question (how difficult the problems made life) is not part of the total",),
)

GAD7 = Questionnaire(
    id="gad7",
    name="Generalized Anxiety Disorder-7",
    version="GAD-7, Spitzer 2006",
    recall="last 2 weeks",
    items=(
        NERVOUS,
        WORRYING,
        _item("worrying_too_much", "Worrying too much about different things"),
        _item("relaxing", "Trouble relaxing"),
        _item("restless", "Being so restless that it is hard to sit still"),
        _item("irritable", "Becoming easily annoyed or irritable"),
        _item("afraid", "Feeling afraid, as if something awful might happen"),
    ),
    scoring="sum",
    scoring_rule=f"sum of 7 items scored 0-3, 0-21 ({STEM})",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("Spitzer 2006", Mark.UNVERIFIED),
    licence=PFIZER,
    missing_rule=REJECT_INCOMPLETE,
    bands=Bands(
        (Band("minimal", 0), Band("mild", 5), Band("moderate", 10), Band("severe", 15)),
        Cited("standard Spitzer 2006 bands; cut-off >= 10", Mark.UNVERIFIED),
    ),
    mcid=Mcid(4, None, Cited("Toussaint 2020, J Affect Disord 265:395 (Kounali 2022: about 27% or -1.5 points)", Mark.CHECKED)),
    loinc=Loinc("69737-5", "70274-6", Cited("several public repositories incl. German MII FHIR profiles", Mark.SECONDARY)),
)

POSITIVE_SUBSCALE = Cited("Kroenke 2009; NINDS CDE page; SRALab", Mark.CHECKED)

PHQ4 = Questionnaire(
    id="phq4",
    name="Patient Health Questionnaire-4",
    version="PHQ-4, Kroenke 2009 (anxiety items first, as NINDS orders them; subscales are scored by item, not position)",
    recall="last 2 weeks",
    items=(NERVOUS, WORRYING, INTEREST, DOWN),
    scoring="sum",
    scoring_rule=f"sum of 4 items scored 0-3, 0-12 ({STEM}); anxiety (GAD-2) and depression (PHQ-2) subscales 0-6",
    direction=Direction.HIGHER_IS_WORSE,
    cited=Cited("Kroenke 2009, Psychosomatics 50:613", Mark.CHECKED),
    licence=PFIZER,
    missing_rule=REJECT_INCOMPLETE + "; a subscale whose two items are answered is still scored",
    bands=Bands(
        (Band("none", 0), Band("mild", 3), Band("moderate", 6), Band("severe", 9)),
        Cited("NINDS CDE page; SRALab", Mark.CHECKED),
    ),
    subscales=(
        Subscale("anxiety", "Anxiety (GAD-2)", ("nervous", "worrying"), positive_from=3, cited=POSITIVE_SUBSCALE),
        Subscale("depression", "Depression (PHQ-2)", ("interest", "down"), positive_from=3, cited=POSITIVE_SUBSCALE),
    ),
    # The total code 70272-0 is labelled PHQ-4 total in one repository and GAD-2 total in another: left out.
    loinc=Loinc("69724-3", None, Cited("panel from several public repositories; the total code conflicts", Mark.SECONDARY)),
)

MOOD = (PHQ9, GAD7, PHQ4)
