"""The program builder: from a person's intake and the library to a phased, explained program
(:func:`build_program`); the parts are the intake, the library, selection, dosing, sessions,
daily quotas, the calendar, goals and the maintenance plan."""

from rehab.core.planning.builder import build_program

__all__ = ["build_program"]
