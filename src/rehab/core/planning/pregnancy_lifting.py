"""Lifting and carrying goals while pregnant (hazard H23).

A pregnant woman lifts her toddler, her shopping or her work boxes every day whatever her plan says.
Her plan keeps its own lifts light (effort 5 out of 10 with the talk test; heavy efforts that make
her hold her breath left out), so a goal such as "lift a 13 kg child from the floor to my hip, 6
times" is not practised, projected or scored before the birth: the check-up that "scored" it at 34-36
weeks would be the very effort the plan leaves out. The goal is set again in the re-plan after the
birth (the postpartum rule), and she is told how to lift more safely now (a physiotherapist's review,
2026-12-03i, finding 2).

Sources: NOT in the clinical reference (it is silent on pregnancy). The reviewer cites occupational
guidance with lower weight limits for lifts from the floor after 20 weeks (MacDonald et al. 2013,
Am J Obstet Gynecol), not checked here. No breath-holding is the plan's own pregnancy caution on heavy
straining (ACOG Committee Opinion 804, 2020, as in docs/planning.md). Letting a child climb onto a
step or a chair first, lifting close to the body and breathing out as you lift are clinical judgement
(a rehab choice).
"""

from __future__ import annotations

import re

from rehab.core.planning.goals import Goal, icf_related
from rehab.core.planning.intake import Intake

# ICF d430 Lifting and carrying objects (WHO ICF 2001; clinical reference §6.3).
LIFTING_AND_CARRYING = "d430"

# For the person: the goal waits for the birth, in the goal's note (grade 8 or less a sentence).
AFTER_BIRTH_NOTE = (
    "While you are pregnant, we do not test this full task. Your plan keeps to lighter lifts. "
    "We set this goal again after the birth, in your new plan."
)
SAFER_LIFTING = (
    "Keep what you lift close to your body. Breathe out as you "
    "lift. Do not hold your breath. Carry less at a time and make more trips."
)
CHILD_LIFTING = (
    "To pick up your child, let them climb onto a step or a chair first. Then lift them from there, not "
    "from the floor. When you can, sit down and let them climb onto your lap."
)
# A lifted person who is a child, in the goal's or the caregiving's own words.
_CHILD = re.compile(r"\b(?:child|children|toddlers?|bab(?:y|ies)|kids?|sons?|daughters?|grand\w*|boys?|girls?)\b", re.I)

RATIONALE = (
    "lifting and carrying in pregnancy: the full task is not practised at its own amounts, projected or "
    "scored before the birth; it is set again in the re-plan after the birth (postpartum rule). Safer-lifting "
    "advice given (load close, breathe out, no breath-holding; a child climbs onto a step or chair first). "
    "Not in the clinical reference: MacDonald et al. 2013 (lower lifting limits in pregnancy, as cited by "
    "review 2026-12-03i, finding 2); the advice is clinical judgement; hazard H23"
)


def pregnant(intake: Intake) -> bool:
    c = intake.constraints
    return "pregnancy" in c.comorbidities or c.gestation_weeks is not None


def lifts(goal: Goal) -> bool:
    """Whether a goal is about lifting or carrying (ICF d430 or a part of it)."""
    return icf_related(goal.icf, LIFTING_AND_CARRYING)


def goals_after_birth(intake: Intake) -> frozenset[str]:
    """The ids of the goals whose task waits for the re-plan after the birth: every lifting or
    carrying goal of a pregnant woman (none when she is not pregnant)."""
    if not pregnant(intake):
        return frozenset()
    return frozenset(g.id for g in intake.goals if lifts(g))


def lifts_a_child(intake: Intake) -> bool:
    """Whether what she lifts is a child: a lifting goal or a caregiving that lifts names one."""
    said = [f"{g.words} {g.task.description}" for g in intake.goals if lifts(g)]
    care = intake.constraints.caregiving
    if care is not None and care.lifting:
        said.append(care.who)
    return any(_CHILD.search(words) for words in said)


def safer_lifting(intake: Intake) -> str:
    """How to lift while pregnant, in plain words, with the child's part when she lifts one."""
    return SAFER_LIFTING + (" " + CHILD_LIFTING if lifts_a_child(intake) else "")


def goal_note(intake: Intake) -> str:
    """The note of a lifting goal that waits for the birth."""
    return f"{AFTER_BIRTH_NOTE} Until then, lift in a safer way. {safer_lifting(intake)}"


def daily_lifting_advice(intake: Intake, job_lifts: bool) -> str | None:
    """For a pregnant woman who lifts in daily life (caring for someone who is lifted, or a job that
    lifts) but has no lifting goal to carry the advice: the same advice as a plan decision."""
    if not pregnant(intake) or goals_after_birth(intake):
        return None
    care = intake.constraints.caregiving
    if not (job_lifts or (care is not None and care.lifting)):
        return None
    return f"While you are pregnant, lift in a safer way. {safer_lifting(intake)}"
