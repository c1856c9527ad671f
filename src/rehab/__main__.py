"""``python -m rehab``: the same command line as the ``rehab`` script."""

from rehab.cli import app

app(prog_name="rehab")
