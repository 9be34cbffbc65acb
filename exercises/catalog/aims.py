"""What the exercises are for, in the order a programme usually works through them."""

from exercises.catalog.types import AimData

AIMS = (
    AimData(
        "anterior-soft-tissue",
        "Anterior soft-tissue elongation",
        "Lengthen the tissues at the front of the hip so that extension comes from the hip, "
        "not from the low back.",
    ),
    AimData(
        "hip-extension-range",
        "Hip-extension range of motion",
        "Gain hip extension and use it in all three planes.",
    ),
    AimData(
        "innominate-extension",
        "Innominate extension",
        "Help the pelvic bone and the sacrum move the way they should as the hip extends.",
    ),
    AimData(
        "sacral-lumbar-extension",
        "Sacral and lumbar extension",
        "Extend the lumbar spine over hips locked in extension, drawing the pelvis with it.",
    ),
    AimData(
        "pelvic-control",
        "Pelvic control and PNF patterns",
        "Own both diagonals of the pelvis. Posterior depression matters most: the glutes "
        "depend on it.",
    ),
    AimData(
        "glute-activation",
        "Glute isolation and activation",
        "Switch the glutes on in positions that keep the spine and hamstrings out of the way; "
        "hold to fatigue before adding movement.",
    ),
    AimData(
        "hinge-loaded-function",
        "Hinge and loaded function",
        "Carry the isolated control into hinging, single-leg work, load and speed.",
    ),
)
