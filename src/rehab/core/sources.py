"""Where each rule and default comes from.

Short citations shown beside every criterion of a decision, so a clinician can see why a rule
exists and judge it. Section numbers point into ``shared/clinical-reference.md`` (kept with the
project's design notes); ``docs/check-in.md`` lists every rule with its source.
"""

SILBERNAGEL_PAIN_MONITORING = (
    "Silbernagel 2007 pain-monitoring model: pain during activity <= 5/10 and settled by the "
    "next morning (clinical reference §3.1)"
)
TWO_SESSIONS_RULE = (
    "Two consecutive sessions at the target before progressing: Silbernagel 2007 and the NSCA "
    "'2-for-2' rule (clinical reference §3.1, §3.5)"
)
EFFORT_AUTOREGULATION = (
    "RPE/RIR autoregulation: progress while RPE <= 8 (>= 2 reps in reserve), Zourdos 2016 "
    "(clinical reference §3.6; engine convention)"
)
ACSM_LOAD_INCREMENT = "ACSM 2009 position stand: raise load by 2-10% (clinical reference §3.5)"
PACING_INCREMENT = (
    "Activity pacing: about 10% per week, Nielson 2013 / I-Engage / eTG (clinical reference §3.4)"
)
OPERANT_QUOTAS = (
    "Operant graded activity: quotas rise on a pre-agreed schedule when met, not by pain "
    "(Lindstrom 1992; Fordyce; clinical reference §3.2, §3.4)"
)
QUOTA_MET_SHARE = "Raise quotas only when >= 80% of the period's quotas were met (clinical reference §3.4)"
PERSONAL_BASELINE = (
    "Personal baseline anchored on the intake baseline phase (at least 7, ideally 14 diary days) or a "
    "window a clinician confirmed at re-baseline; noise from the last weeks with the trend taken out, "
    "band capped at the NRS MCID of 2 points (single-case practice, clinical reference §7.2 steps 1, 2, 5; "
    "Farrar 2001, §1.1)"
)
SUSTAINED_WORSENING = (
    "Sustained worsening: weekly pain up >= 2 points and >= 30% from the anchored baseline (NRS MCID, "
    "Farrar 2001, clinical reference §1.1, §7.2 step 4) for 2 weeks is a setback: hold and reassess (§5)"
)
WEEKLY_MORNING_TREND = (
    "Silbernagel weekly rule: morning pain must not rise from week to week (clinical reference §3.1, "
    "unverified verbatim); rising = autocorrelation-corrected z > 1.96 (§7.2 step 3), regress when up by "
    "the personal noise band (§3.1 table)"
)
SINGLE_DAY_NOISE = (
    "Single day vs personal baseline: beyond 1.96 x SD x sqrt(1 + 1/n) is outside the noise band "
    "(clinical reference §7.2 step 2)"
)
WEEKLY_RELIABLE_CHANGE = (
    "Weekly mean vs the anchored baseline mean, autocorrelation-corrected z > 1.96 (clinical reference "
    "§7.2 step 3)"
)
NEXT_MORNING_BEFORE_CHANGE = (
    "Silbernagel 2007: pain may rise after a session but must be back to the pre-session level by the "
    "next morning; judged against the mornings of the 2 weeks before the last advance, or the anchored "
    "mornings when lower (clinical reference §3.1, §7.2)"
)
REPEATED_REGRESSIONS = (
    "Repeated regressions: 2 or more in 14 days mean the dose is not settling; a reassessment, not "
    "another step down (clinical reference §3.1, §7.2; rehab rule)"
)
FLARE_DEFINITION = (
    "Flare: daily pain >= 2 points above personal baseline and beyond the noise band for >= 2 "
    "consecutive days, or declared by the patient (clinical reference §5, engine convention)"
)
FLARE_LOAD_CUT = (
    "Flare plan: reduce load to about 50% and keep moving; return over 1-2 weeks once pain is "
    "back near the pre-flare level for 2-3 days (CUH, VA, Nicholas; clinical reference §5.5-5.6)"
)
FLARE_ESCALATION = (
    "Contact a clinician if a flare is not settling after about 7 days or flares recur "
    "(>= 2 in 4 weeks) (clinical reference §5.7)"
)
RED_FLAGS = (
    "IFOMPT red-flag framework (Finucane 2020) and NICE CKS pathways: escalate, never clear "
    "automatically (clinical reference §4.1-4.2)"
)
FLARE_HARM_CHECK = (
    "Flare plan step 1, hurt vs harm: re-check red flags; if present, escalate, else reassure "
    "(VA flare plan; clinical reference §5.2). New or progressive neurological deficit: URGENT, "
    "same day (§4.2)"
)
SELF_HARM = (
    "PHQ-9 item 9 (thoughts of self-harm) above 0, or left unanswered (not known to be safe): pause automated "
    "advice and ask for a same-day clinician risk assessment, whatever the total (clinical reference §1.4; the "
    "pathway is local policy)"
)
NEW_NEURO_DEFICIT = (
    "Progressive or new neurological deficit (worsening weakness, foot drop, spreading numbness): URGENT, "
    "same day, clinician or GP (clinical reference §4.2; IFOMPT, Finucane 2020)"
)
NEW_SYMPTOMS = (
    "New or worsening neurological signs or unexplained swelling need clinician review before "
    "progression (clinical reference §4.2)"
)
ADHERENCE = (
    "Low adherence is a barrier to explore, not a reason to regress (rehab rule; default 60% "
    "of planned sessions)"
)
STALL = (
    "No progress for 6 weeks despite adequate adherence: reformulate goals, barriers and order of "
    "tasks (rehab rule; reassessment cadence 4-6 weeks, clinical reference §8)"
)
DOSE_CEILING = "The dose ceiling agreed with the clinician for this activity (program setting)"
GRADED_EXPOSURE = (
    "Graded exposure in vivo: a hierarchy of feared daily activities rated for harm 0-100 (as in "
    "PHODA), each exposure a behavioural experiment (Vlaeyen 2001/2002; Leeuw 2008; clinical "
    "reference §3.3)"
)
EXPOSURE_PROGRESSION = (
    "Move up the hierarchy when the item's fear or expectancy rating has dropped >= 50% from its "
    "first exposure, or the feared outcome did not happen on 2 exposures in a row (traditional "
    "practice; Craske 2014 inhibitory learning; clinical reference §3.3, engine convention)"
)
EXPOSURE_STOPPED = (
    "An experiment that had to stop means the step was too big: step down the hierarchy and build "
    "up again (graded exposure, clinical reference §3.3; rehab rule)"
)
PHODA_TRUE_CHANGE = "PHODA-SeV test-retest: a harm rating change of more than 20 points is a true change (Leeuw 2007; §3.3)"
SELF_MANAGEMENT = (
    "Self-management within bounds agreed with the clinician; a run of self-chosen easier sessions "
    "is a signal to talk it over, not a failure (rehab rule; default 3 sessions in a row)"
)
EXPOSURE_SAFETY_BEHAVIOURS = (
    "Safety behaviours (bracing, a brace, holding the breath) let a feared belief survive an experiment: "
    "it counts as disconfirming only without them, or when the belief fell by half; fade one at a time "
    "(Salkovskis 1991; clinical reference §3.3)"
)

# The Timed Up and Go fall-risk cut-off, the ONE of the program: 12 s or more (CDC STEADI), the
# safer of the two cut-offs in clinical reference §2.3 (Shumway-Cook 2000 uses 13.5 s). The
# planner's fall-risk rule (rehab.core.planning.comorbidities, H25) and the checkpoint's instrument
# (rehab.instruments.performance.TIMED_UP_AND_GO, H56) both read it from here: this module imports
# nothing, so the instruments stay free of the engine and the planner. With 13.5 s in the instrument
# a TUG of 12.5 s got the plan's fall-risk exclusions but no checkpoint pause.
TUG_FALL_RISK_S = 12.0
# The higher of §2.3's two cut-offs (Shumway-Cook 2000, 13.5 s): a higher fall-risk band. A TUG
# already at or past 12 s that newly reaches it pauses a reassessment checkpoint (hazard H56; a
# physiotherapist's review, 2026-12-03g, finding 4: 12.0 s to 16.0 s gave "advance"). The reference
# has no TUG MDC, so a worse TUG that stays within one band is judged by the convention below.
TUG_HIGHER_FALL_RISK_S = 13.5
# REHAB CONVENTION (not a published value): a TUG already at or past 12 s that is 2 s or more slower
# than before pauses a reassessment checkpoint (hazard H56; a physiotherapist's re-check, 2026-12-03h,
# problem B: 13.5 s to 18 s and 14 s to 20 s gave "advance", so the frailest never paused). Neither
# the clinical reference nor the instruments give a TUG MDC; published MDC95 values for the TUG in
# older adults and knee OA are roughly 1-4 s (⚠️ unverified). 2 s, not 20%: the rule only applies at
# 12 s or more, where 20% is 2.4 s or more, so "2 s or 20%" is the same as 2 s; seconds are also how
# the published MDCs are given. 12.0 s to 12.5 s (+0.5 s) and 12.0 s to 13.4 s (+1.4 s) do not pause.
TUG_SLOWER_BY_S = 2.0
