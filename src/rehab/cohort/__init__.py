"""The virtual cohort: simulated people whose days are run through the real check-in engine, so a
rule set is tried on thousands of different people before it reaches one real one (issue 14).

- :mod:`rehab.cohort.people`: the subgroups and the distributions each person's traits are drawn from;
- :mod:`rehab.cohort.person`: one person's days (tolerance, pain, flares, adherence, fear, reporting);
- :mod:`rehab.cohort.exposure`: under graded exposure, their fear hierarchy, beliefs and safety behaviours;
- :mod:`rehab.cohort.policies`: the rule sets tried (the engine under each strategy, graded exposure
  included, a fixed linear plan, a pain-avoidant plan);
- :mod:`rehab.cohort.course`: one person's weeks under one policy, with the counts kept;
- :mod:`rehab.cohort.figures`: the figures per policy and subgroup, and comparisons with confidence intervals;
- :mod:`rehab.cohort.runner`: the only part with I/O (the content library, processes, result files).

The model decides nothing: every decision under the engine policy comes from
:func:`rehab.core.engine.progression.check_in`, the function the server calls. docs/cohort.md gives
each assumption with its source, or marks it plainly as an assumption.
"""
