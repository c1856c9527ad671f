"""rehab: progressive rehabilitation for chronic musculoskeletal pain, built with the patient.

The clinical reasoning lives in :mod:`rehab.core` (standard library only); everything that
touches the outside world (CLI, wire formats, later the database and web pages) calls into it.
"""

__version__ = "0.1.0"
