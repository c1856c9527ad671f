"""Curated content as data files: exercises on ladders, graded daily activities and education
modules, all written for patients in plain words.

The files live in ``data/`` and are validated by :mod:`rehab.content.schema` when loaded
(:func:`rehab.content.loader.load_library`); :mod:`rehab.content.check` checks how they fit
together, and :mod:`rehab.content.readability` keeps education at a reading grade of 8 or below.
"""
