#!/bin/sh
# Run today's test files against the engine as it was at commit 5f859d5 (before issue 11), to show
# that the new clinical tests fail on the old code. The core was flat then, so the test files'
# imports are mapped back to the flat module paths; stand-ins are given for types that did not exist.
#   tools/tests-on-old-engine.sh tests/unit/core/test_anchored_baseline.py [more test files]
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
old=${OLD_TREE:-/tmp/rehab-5f859d5}
if [ ! -d "$old" ]; then
  git -C "$repo" worktree add -q --detach "$old" 5f859d5
  python3 -m venv "$old/.venv" && "$old/.venv/bin/pip" install -q -e "$old[dev]" >/dev/null
fi
for test in "$@"; do
  mkdir -p "$old/$(dirname "$test")"
  sed -e 's/rehab\.core\.engine\./rehab.core./g; s/rehab\.core\.planning\.\([a-z_]*\)/rehab.core.\1/g' \
      -e 's/rehab\.core\.insights\.[a-z_]*/rehab.core.insights/g; s/from rehab\.core\.engine import/from rehab.core import/' \
      -e 's/rehab\.core\.models\.[a-z_]*/rehab.core.models/g' \
      "$repo/$test" > "$old/$test"
done
sed -e 's/rehab\.core\.engine\./rehab.core./g; s/rehab\.core\.models\.[a-z_]*/rehab.core.models/g' \
    "$repo/tests/builders.py" > "$old/tests/builders.py"
# BaselineAnchor did not exist: a stand-in lets the tests import (the old engine ignores it).
grep -q "class BaselineAnchor" "$old/src/rehab/core/models.py" || cat >> "$old/src/rehab/core/models.py" <<'PY'


class BaselineAnchor(NamedTuple):  # stand-in added by tools/tests-on-old-engine.sh
    first: date
    last: date
    reason: str = "intake"
    confirmed_on: date | None = None


from rehab.core.exposure import BehaviouralExperiment, ExposureItem, FearHierarchy  # noqa: E402
from rehab.core.self_management import SelfAdjustment, SelfManagementBounds  # noqa: E402
PY
grep -q "^from typing import.*NamedTuple" "$old/src/rehab/core/models.py" || sed -i '1a from typing import NamedTuple' "$old/src/rehab/core/models.py"
cd "$old" && .venv/bin/python -m pytest -q -p no:randomly -p no:cacheprovider "$@"
