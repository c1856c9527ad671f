"""Range of motion by joint and movement, in degrees (goniometry, neutral-zero method).

Each joint movement is its own test, so that a knee's flexion and its extension are tracked and
compared separately. The clinical reference gives no ROM norms, MCID or MDC, so none are invented
here: change is reported in degrees and judged by the clinician, or with an RCI when a
reliability and reference SD for the method are supplied.
"""

from __future__ import annotations

from rehab.instruments.model import Cited, Direction, Mark
from rehab.instruments.performance import PerformanceTest

JOINT_MOVEMENTS = (
    ("cervical", ("flexion", "extension", "rotation", "lateral_flexion")),
    ("shoulder", ("flexion", "extension", "abduction", "external_rotation", "internal_rotation")),
    ("elbow", ("flexion", "extension")),
    ("wrist", ("flexion", "extension")),
    ("hip", ("flexion", "extension", "abduction", "external_rotation", "internal_rotation")),
    ("knee", ("flexion", "extension")),
    ("ankle", ("dorsiflexion", "plantarflexion")),
)

PROCEDURE = (
    "goniometer, neutral-zero method; record the side, active or passive, and the position; a negative value is "
    "short of the neutral zero position (a knee that lacks 10 degrees of extension is -10)"
)


def _test(joint: str, movement: str) -> PerformanceTest:
    return PerformanceTest(
        id=f"rom_{joint}_{movement}",
        name=f"Range of motion: {joint} {movement.replace('_', ' ')}",
        unit="degrees",
        direction=Direction.HIGHER_IS_BETTER,
        accepted=(-90, 180),
        procedure=PROCEDURE,
        cited=Cited("no ROM values in the clinical reference: no norms, MCID or MDC given", Mark.UNVERIFIED),
    )


RANGE_OF_MOTION = tuple(_test(joint, movement) for joint, movements in JOINT_MOVEMENTS for movement in movements)
