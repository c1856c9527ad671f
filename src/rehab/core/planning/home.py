"""The home a person exercises in, and what it asks of their program (the guide: equipment and
environment safety are evaluated, and the program is changed to fit).

A home exercise program is done alone, on the person's own floor, holding whatever is there. So the
intake asks: is there room, is the floor safe, are there stairs and a rail, is there something
sturdy to hold, who else is at home, can the person get down to the floor and up again, and is
their kit in good condition. Each answer that makes an exercise unsafe leaves it out, the way a
comorbidity does (``rehab.core.planning.comorbidities``): a caution with the reason in the person's
words, a decision for the clinician with the rule and its source, and advice the person can act on
("hold the kitchen counter").

An unanswered question (``None``) changes nothing: the clinician is told the home was not assessed.
The engine can only leave things out here; a clinician who makes the home safe records it again.

Sources:
* the Otago Exercise Programme (Campbell & Robertson, ACC New Zealand 2003): balance exercises are
  done holding a stable support such as a kitchen bench, and the hold is reduced only as balance
  improves; step-ups hold a rail;
* CDC STEADI "Check for Safety" home checklist: loose rugs and slippery floors are trip and slip
  hazards; stairs need a rail to hold;
* Fleming & Brayne 2008 (BMJ 337:a2227): most people over 90 who fell could not get up again
  alone, and lying long on the floor did harm; NICE CG161 (2013): home hazard assessment after a
  fall. Floor work asks the person to get down and up again: left out when they cannot do that
  safely, or live alone after a fall.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from rehab.core.planning.library import EQUIPMENT_CAUTION, STANDING_BALANCE, STEP_WORK

FLOOR_HAZARDS: dict[str, str] = {
    "slippery": "slippery floors",
    "loose_rugs": "loose rugs",
    "clutter": "things on the floor to trip over",
}
OTAGO = ("Otago Exercise Programme (Campbell & Robertson 2003): balance work holding a stable support "
         "such as a kitchen bench; step-ups holding a rail")
STEADI = "CDC STEADI Check for Safety: loose rugs and slippery floors are trip and slip hazards; stairs need a rail"
# What to do about each floor hazard, in the person's words (STEADI's checklist).
FLOOR_ADVICE: dict[str, str] = {
    "loose_rugs": "Take up loose rugs or fix them down.",
    "clutter": "Clear things off the floor where you exercise.",
    "slippery": "Exercise on a dry floor that does not slip, and wear shoes that grip.",
}
# Someone who cannot get up again alone needs to reach help from the floor (Fleming & Brayne 2008).
PHONE_NEAR = "Keep a phone with you when you exercise, so you can call for help if you fall."
# Exercises lying down are not floor work (they can be done on a bed), so they stay in a program
# that leaves floor work out; the person is told where to do them.
ON_THE_BED = "Do the exercises that you do lying down on your bed, not on the floor."
FLOOR_SOURCE = ("Fleming & Brayne 2008 (BMJ 337:a2227): many who fall alone cannot get up again; "
                "NICE CG161 (2013): home hazard assessment after a fall")


@dataclass(frozen=True, slots=True)
class Home:
    """The home safety part of the intake. ``None`` means the question was not asked."""

    space_to_exercise: bool | None = None  # clear floor space to lie down and step in every direction
    floor_hazards: frozenset[str] = frozenset()  # keys of FLOOR_HAZARDS
    stairs: bool | None = None
    stair_rail: bool | None = None
    sturdy_support: bool | None = None  # a kitchen counter, a heavy chair, a rail at hip height
    support_words: str | None = None  # what they will hold, in their words ("the kitchen counter")
    lives_alone: bool | None = None
    fall_in_last_year: bool | None = None
    gets_up_from_floor: bool | None = None  # can get down to the floor and up again safely, alone
    worn_equipment: frozenset[str] = frozenset()  # kit in poor condition (a frayed band, a wobbly step)


@dataclass(frozen=True, slots=True)
class HomeRules:
    excluded: dict[str, str]  # caution -> why, in the person's words
    decisions: tuple[str, ...]  # for the clinician: each rule applied, with its source
    advice: tuple[str, ...]  # for the person: plain words they can act on
    checks: tuple[str, ...] = ()  # for the clinician: to check with the person before the plan is used


# Floor work is left out for someone who cannot get up from the floor, so the plan never practises it;
# the clinician is asked to (a physiotherapist's review, 2026-12-03j, finding 7: Arthur, 81, lives alone).
FLOOR_RECOVERY_CHECK = (
    "Cannot get down to the floor and up again safely{alone}: floor work is left out, so this plan does not "
    "practise getting up from the floor. Consider teaching and practising it with a clinician (getting down "
    "and up again, and what to do when unable to get up), and a phone or alarm carried all day, not only "
    "while exercising. REHAB CONVENTION after the Otago Exercise Programme, which teaches getting up from "
    "the floor, and Fleming & Brayne 2008 (long lies after a fall); outside clinical-reference.md, unverified.")


def _support(home: Home) -> str:
    return home.support_words or "a kitchen counter or a sturdy chair"


# With a fall risk, letting go follows the clinician's re-test, not the person's own judgement (a
# physiotherapist's review, 2026-12-03i, finding 6: "Loosen your grip only as your balance gets better"
# read by Walter with a Timed Up and Go of 14 s).
UNTIL_CHECKED = "Keep holding on until your clinician has checked your balance again."
# In pregnancy balance work without support is left out for the whole program (it reaches 20 weeks:
# ACOG 804, hazard H23), so the supported item never invites letting go, whatever her balance does
# (a physiotherapist's review, 2026-12-03j, finding 4: "Loosen your grip" read by Rosa at 16 weeks).
WHILE_PREGNANT = "Keep holding on while you are pregnant."
WHILE_PREGNANT_AND_CHECKED = "Keep holding on while you are pregnant and until your balance is checked again."


def held_support(home: Home | None, fall_risk: bool = False, pregnant: bool = False) -> str:
    """What to hold on a standing balance exercise when the plan keeps balance work supported (a
    fall risk, a fall while living alone, a floor hazard): hold from the start and loosen the hold
    only as balance improves (Otago), not "touch it if you need to". With a fall risk the hold stays
    until the clinician has checked balance again (:data:`UNTIL_CHECKED`); in pregnancy for the whole
    pregnancy (:data:`WHILE_PREGNANT`)."""
    support = _support(home) if home is not None else "a kitchen counter or a sturdy chair"
    then = (WHILE_PREGNANT_AND_CHECKED if pregnant and fall_risk else WHILE_PREGNANT if pregnant
            else UNTIL_CHECKED if fall_risk else "Loosen your grip only as your balance gets better.")
    return f"Hold {support} with one hand from the start. {then}"


# With a fall risk, standing work that is not balance work keeps a support within reach too: a squat,
# a bag held at the side or a hip hinge done in the open can end in a fall backwards (a
# physiotherapist's review, 2026-12-03j, finding 6: Arthur, TUG 13 s, "Squat" with no chair after the
# foundation's "Squat to touch a chair"). Otago's standing strength exercises are done holding a
# support such as a kitchen bench; the hand may be busy (a stick along the back, a bag), so the line
# asks for the support within reach and a free hand on it.
def standing_support(home: Home | None) -> str:
    """The Support line of a standing exercise that is not balance work, with a fall risk; none when
    the home has nothing sturdy to hold (then no support can be named: the clinician is told so by
    the home rules' decision)."""
    if home is not None and home.sturdy_support is False:
        return ""
    support = _support(home) if home is not None else "a kitchen counter or a sturdy chair"
    return f"Stand next to {support}, within reach of your hand. Rest a free hand on {support} when you can."


# Steps that already place the person by a support or hold one ("Stand in front of a chair", "Stand
# with your back to a wall", "holding the rail", "fingertips on a wall"): no second support is named
# (one support per exercise; review 2026-12-03i, finding 6).
_OWN_SUPPORT = re.compile(
    r"\b(?:hold|holding|touch|touching|fingertips on|hands? on|lean|leaning|beside|next to|in front of|"
    r"side-on to|facing|back to|back against)\b[^.]*?\b(?:chair|wall|counter|worktop|rail|table|stairs?)\b",
    re.IGNORECASE)


def names_own_support(steps: tuple[str, ...] | list[str]) -> bool:
    """Whether an exercise's own steps put a chair, wall, counter, table or rail within reach."""
    return any(_OWN_SUPPORT.search(step) for step in steps)


# A step that tells the person not to hold on ("balance without holding on", "Let go of the chair and
# balance") contradicts the Support line ("Hold ... with one hand from the start"): with that line, the
# words "without holding on" (and the weaker "you could grab if needed") are left out and a "let go"
# sentence is dropped (a physiotherapist's
# re-check, 2026-12-03h, problem D: "Standing on one leg" for Chloe at 30 weeks and for a fall risk).
_WITHOUT_HOLDING = re.compile(r",?\s+(?:without holding on|you could grab if needed)\b", re.IGNORECASE)
_LET_GO = re.compile(r"\blet go of\b", re.IGNORECASE)


# What a step names to stand by, when the Support line names the person's own support: one support
# per exercise ("How: Stand beside a chair" under "Support: Hold the kitchen worktop" read as two;
# review 2026-12-03i, finding 6). Only after words that place the person by it, so "a letter on the
# wall" and "a ball against a wall" keep their wall.
_THING = r"(?:a|the) (?:sturdy )?(?:wall or counter|chair or counter|chair|counter|wall)"
_BY_THE_THING = re.compile(r"\b(beside|next to|near|side-on to|holding|fingertips on) (?:the back of )?" + _THING
                           + r"(?: you (?:can|could) (?:touch|grab)(?: if needed)?)?", re.IGNORECASE)
_THING_BY_YOUR_SIDE = re.compile(r"\b" + _THING + r" by your side\b", re.IGNORECASE)
_HAND_ON_THING = re.compile(r"\bwith a hand on " + _THING + r" for as long as you need it\b", re.IGNORECASE)
# Loosening the hold by one's own judgement, said by a step: the Support line says how long to hold.
_OWN_JUDGEMENT = re.compile(r"\b(?:use less support from your hand|hold the chair whenever you need to|"
                            r"fingertips only when you can)\b", re.IGNORECASE)
_HELD_THING = re.compile(r"^Hold (.+?) with one hand from the start\.")


def steps_when_held(steps: tuple[str, ...] | list[str], support: str = "") -> list[str]:
    """The steps of a standing balance exercise shown with a Support line (:func:`held_support`):
    none of them tells the person to let go. Given that line, the steps name the same support it
    does, and no step says to hold only when needed or to loosen the hold."""
    found = _HELD_THING.match(support)
    thing = found.group(1) if found else None
    kept = []
    for step in steps:
        said = [_WITHOUT_HOLDING.sub("", s) for s in re.split(r"(?<=[.!?])\s+", step.strip())
                if s and not _LET_GO.search(s) and not (thing and _OWN_JUDGEMENT.search(s))]
        if thing:
            said = [_HAND_ON_THING.sub(f"with a hand on {thing}", s) for s in said]
            said = [_BY_THE_THING.sub(lambda m: f"{m.group(1)} {thing}", s) for s in said]
            said = [_THING_BY_YOUR_SIDE.sub(f"{thing} by your side", s) for s in said]
        if said:
            kept.append(" ".join(said))
    return kept


def home_rules(home: Home | None, balance_supported: bool = False) -> HomeRules:
    """What this home asks of the program: movements to leave out, why, and what to do.
    ``balance_supported``: something else (a measured fall risk) already keeps balance work
    supported, so the person holds on from the start rather than "keep it close enough to grab"."""
    if home is None:
        return HomeRules({}, ("Home and environment safety not recorded at intake: no home rule applied.",), ())
    excluded: dict[str, str] = {}
    decisions: list[str] = []
    advice: list[str] = []
    checks: list[str] = []

    def leave_out(cautions: tuple[str, ...], why: str) -> None:
        for caution in cautions:
            excluded.setdefault(caution, why)

    # Balance: standing balance work only with something sturdy within reach (Otago).
    if home.sturdy_support is False:
        leave_out((STANDING_BALANCE, "unsupported_balance"), "nothing sturdy to hold at home")
        decisions.append(f"No sturdy support at home: every standing or walking balance exercise left out until "
                         f"one is recorded ({OTAGO}).")
        advice.append("Standing balance exercises are left out for now. You need something sturdy to hold, "
                      "like a kitchen counter. Tell your clinician if you have one.")
    alone_after_fall = bool(home.lives_alone and home.fall_in_last_year)
    if home.sturdy_support and (balance_supported or alone_after_fall or home.floor_hazards & FLOOR_HAZARDS.keys()):
        advice.append(f"Do your standing balance exercises next to {_support(home)}. Hold on with one hand "
                      "from the start.")
    elif home.sturdy_support:
        advice.append(f"Do your standing balance exercises next to {_support(home)}. Hold on with one hand, "
                      "or keep it close enough to grab.")
    if alone_after_fall:
        leave_out(("unsupported_balance", "floor_work", "kneeling"), "living alone after a fall")
        decisions.append("Lives alone and fell in the last year: balance work with nothing to hold, floor work "
                         f"and kneeling left out ({FLOOR_SOURCE}; {OTAGO}).")
        advice.append("You live alone and have had a fall. Keep a phone with you when you exercise.")
        advice.append(ON_THE_BED)
    hazards = sorted(h for h in home.floor_hazards if h in FLOOR_HAZARDS)
    if hazards:
        said = " and ".join(FLOOR_HAZARDS[h] for h in hazards)
        leave_out(("unsupported_balance", "high_impact"), said)
        decisions.append(f"Floor hazards at home ({said}): balance work with nothing to hold and impact left out "
                         f"until the floor is made safe ({STEADI}).")
        # Only the hazards she has: "take up loose rugs" read by someone with none is noise.
        advice.extend(FLOOR_ADVICE[h] for h in ("loose_rugs", "clutter", "slippery") if h in hazards)
    # Floor work: getting down and up again.
    if home.gets_up_from_floor is False:
        leave_out(("floor_work", "kneeling"), "trouble getting up from the floor")
        decisions.append(f"Cannot get down to the floor and up again safely: floor work and kneeling left out "
                         f"({FLOOR_SOURCE}).")
        checks.append(FLOOR_RECOVERY_CHECK.format(alone=", and lives alone" if home.lives_alone else ""))
        if not alone_after_fall:  # said there already, with the phone
            advice.append(PHONE_NEAR)
            advice.append(ON_THE_BED)
    if home.space_to_exercise is False:
        leave_out(("floor_work",), "no clear space on the floor")
        decisions.append("No clear floor space at home: floor work left out until there is room to lie down.")
    # Steps: only with a rail to hold (Otago; STEADI).
    if home.stairs is False:
        leave_out((STEP_WORK,), "no stairs at home")
    elif home.stairs and home.stair_rail is False:
        leave_out((STEP_WORK,), "no rail on your stairs")
        decisions.append(f"Stairs at home without a rail: step exercises left out until a rail or a stable step "
                         f"with a hand-hold is recorded ({OTAGO}; {STEADI}).")
    elif home.stairs and home.stair_rail:
        advice.append("On step exercises, hold the stair rail.")
    for kit in sorted(home.worn_equipment):
        leave_out((EQUIPMENT_CAUTION + kit,), f"your {kit.replace('_', ' ')} being worn or broken")
        decisions.append(f"Equipment in poor condition ({kit.replace('_', ' ')}): exercises using it left out "
                         "until it is replaced.")
    return HomeRules(excluded=excluded, decisions=tuple(decisions), advice=tuple(advice), checks=tuple(checks))

