"""Glute isolation for hip extension: gluteus maximus, from prone sets to bridges and thrusters."""

from exercises.catalog.types import Dose, ExerciseData
from exercises.models import Equipment as E
from exercises.models import Muscle as M

GLUTE_EXTENSION = (
    ExerciseData(
        slug="glute-set-neutral",
        name="Prone glute set, hips neutral",
        aim="glute-activation",
        tier=1,
        purpose="The simplest way to wake the glutes: a knee lock-out held face down. With the "
        "hips straight it works fibres that are often the weaker ones. Lifting into a plank "
        "while holding it makes it harder.",
        muscles=(M.GLUTEUS_MAXIMUS, M.QUADRICEPS),
        pattern="Isometric hip extension, prone",
        equipment=(),
        setup="Lying face down with the legs straight and the forehead resting on the hands.",
        cues=(
            "Straighten the knees so the kneecaps lift off the mat.",
            "Squeeze the glutes without pressing the belly or pelvis into the floor.",
            "Hold, breathing normally, until the squeeze starts to fade.",
        ),
        faults=(
            "The pelvis rocks back as the tail tucks hard.",
            "The low back arches.",
            "The belly pushes down into the mat.",
        ),
        dose=Dose(sets=3, hold_to_fatigue=True),
    ),
    ExerciseData(
        slug="glute-set-40-flexion",
        name="Prone glute set at 40° hip flexion",
        aim="glute-activation",
        tier=1,
        purpose="The same set with the hips bent to about 40°, which shifts the work toward the "
        "posterior fibres of gluteus maximus.",
        muscles=(M.GLUTEUS_MAXIMUS,),
        pattern="Isometric hip extension in 40° of flexion",
        equipment=(E.TABLE,),
        setup="Trunk face down on a treatment table with the hips over its end, bent to about "
        "40°, toes resting on the floor.",
        cues=(
            "Lock the knees straight.",
            "Squeeze the glutes toward each other without lifting the legs.",
            "Let the trunk rest on the table.",
            "Hold until the squeeze starts to fade.",
        ),
        faults=(
            "The pelvis rocks back.",
            "The low back arches.",
            "The hamstrings cramp because the glutes are not leading.",
        ),
        dose=Dose(sets=3, hold_to_fatigue=True),
    ),
    ExerciseData(
        slug="glute-bridge",
        name="Glute bridge",
        aim="glute-activation",
        tier=1,
        purpose="Hip extension lying on the back, on two legs or one. Tension in the hamstrings "
        "or the low back means the glutes are not doing the work. It is also a useful test: "
        "lifting through the low back, or back pain during the lift, points to poor glute "
        "drive.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS, M.ABDOMINALS),
        pattern="Hip extension, supine",
        equipment=(),
        setup="Lying on the back, knees bent, feet flat and hip-width apart with the heels "
        "about a forearm's length from the buttocks, arms by the sides.",
        cues=(
            "Draw the ribs toward the pelvis before lifting.",
            "Drive through the heels until the body is straight from shoulder to knee.",
            "Feel the squeeze in the glutes, not the back of the thighs.",
            "Lower slowly, one segment of the spine at a time.",
        ),
        faults=(
            "The low back arches at the top and the lift comes from the spine.",
            "The hamstrings cramp or take over.",
            "The knees fall in or out.",
            "The low back aches during the lift.",
        ),
        dose=Dose(sets=3, reps=10, hold_seconds=3),
    ),
    ExerciseData(
        slug="hip-thruster",
        name="Hip thruster",
        aim="glute-activation",
        tier=1,
        purpose="The bridge with the shoulders raised on a bench: more hip range, and room to "
        "add load later.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS),
        pattern="Hip extension, shoulders on a bench",
        equipment=(E.BENCH,),
        setup="Upper back against the edge of a bench at the level of the shoulder blades, feet "
        "flat and hip-width apart, placed so the shins are upright at the top.",
        cues=(
            "Keep the chin tucked and the eyes on the knees through the lift.",
            "Ribs down first, then drive through the heels.",
            "Lift until shoulders, hips and knees are in line.",
            "Squeeze the glutes at the top without arching.",
        ),
        faults=(
            "The low back arches at the top.",
            "The chin lifts and the head tips back.",
            "The feet are too far out, so the hamstrings take over.",
        ),
        dose=Dose(sets=3, reps=10),
    ),
    ExerciseData(
        slug="single-leg-hip-thruster",
        name="Single-leg hip thruster",
        aim="glute-activation",
        tier=1,
        purpose="The hip thruster on one leg. While the working leg extends, the other leg can "
        "work a flexion pattern, pressing its knee into the hands to bring the core in.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS, M.ABDOMINALS),
        pattern="Single-leg hip extension, shoulders on a bench",
        equipment=(E.BENCH,),
        setup="Upper back against the edge of a bench, one foot flat under its knee. The other "
        "hip is bent, knee toward the chest, with both hands pressing on that knee.",
        cues=(
            "Use the bridge cues: ribs down, drive through the heel.",
            "Push the free knee into the hands as the working hip extends.",
            "Lift until the hips are level with the knee, pelvis square.",
        ),
        faults=(
            "The pelvis drops on the free side.",
            "The low back arches.",
            "The hamstring of the working leg cramps.",
        ),
        dose=Dose(sets=3, reps=8, per_side=True),
    ),
    ExerciseData(
        slug="prone-leg-extension",
        name="Prone leg extension",
        aim="glute-activation",
        tier=1,
        purpose="A knee lock-out with a leg lift: the spine stays neutral and the pelvis does "
        "not move while the leg extends. Start with holds where it first gets hard, then move "
        "dynamically; the top version lifts both legs and lowers them from above.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS),
        pattern="Hip extension, prone, one leg or both",
        equipment=(),
        setup="Lying face down, legs straight, forehead on the hands; a pillow under the belly "
        "if the back arches.",
        cues=(
            "Lock the knee straight first.",
            "Lift the leg a few centimetres by squeezing the glute.",
            "Keep both hip bones heavy on the mat.",
            "Hold where it first gets hard, then lower slowly.",
        ),
        faults=(
            "The pelvis rotates or lifts on the working side.",
            "The low back arches to lift the leg higher.",
            "The knee bends.",
        ),
        dose=Dose(sets=3, hold_to_fatigue=True, per_side=True),
    ),
    ExerciseData(
        slug="prone-double-leg-extension",
        name="Double-leg extension off a table",
        aim="glute-activation",
        tier=2,
        purpose="The top of the prone extension series: both legs lift together from below "
        "the table edge, then lower from above it, with the spine and pelvis still throughout.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS, M.LUMBAR_EXTENSORS),
        pattern="Hip extension, prone, both legs, through range",
        equipment=(E.TABLE,),
        setup="Trunk face down on a treatment table with the hips at its end, hands holding the "
        "sides, legs hanging with the toes on the floor.",
        cues=(
            "Lock both knees and squeeze the glutes before the legs leave the floor.",
            "Lift both legs until they line up with the trunk, no higher.",
            "Lower slowly below the table edge, keeping the belly on the table.",
        ),
        faults=(
            "The legs swing up past the line of the trunk and the back arches.",
            "The knees bend.",
            "The legs drop quickly instead of being lowered.",
        ),
        dose=Dose(sets=3, reps=8, hold_seconds=2),
    ),
)
