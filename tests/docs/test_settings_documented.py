"""Every setting the code reads is in the settings table of docs/operations.md."""

import re
from pathlib import Path

import rehab.settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented():
    read = set(re.findall(r'"(REHAB_[A-Z_]+)"', Path(rehab.settings.__file__).read_text()))
    documented = set(re.findall(r"^\| `(REHAB_[A-Z_]+)` \|", (ROOT / "docs/operations.md").read_text(), re.M))
    assert read and read <= documented, read - documented
