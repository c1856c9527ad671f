"""The ``rehab`` command line: one module per group of commands, all calling the same core
functions the web app will call.

The command modules are imported here so that ``rehab.cli:app`` knows every command.
"""

from rehab.cli import checkin, cohort, demo, instruments, library, planning, server  # noqa: F401  (registers commands)
from rehab.cli.app import app

__all__ = ["app"]
