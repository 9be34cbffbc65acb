"""Glute isolation and activation, from supported holds to standing and banded work."""

from exercises.catalog.types import Dose, ExerciseData
from exercises.models import Equipment as E
from exercises.models import Muscle as M

GLUTES = (
    ExerciseData(
        slug="clam-shell",
        name="Clam shell",
        aim="glute-activation",
        tier=1,
        purpose="The first rung of the rotation ladder: gluteus medius and the deep rotators "
        "with the body fully supported.",
        muscles=(M.GLUTEUS_MEDIUS, M.DEEP_HIP_ROTATORS),
        pattern="Hip external rotation, side-lying",
        equipment=(),
        setup="Side-lying with hips bent to about 45° and knees to 90°, feet together, back "
        "against a wall for feedback.",
        cues=(
            "Roll the top hip slightly forward and keep it there.",
            "Open the top knee while the feet stay together.",
            "Stop before the pelvis rolls back.",
            "Pause at the top, then lower slowly.",
        ),
        faults=(
            "The pelvis rolls backward as the knee opens.",
            "The feet come apart.",
            "The top side of the waist shortens.",
        ),
        dose=Dose(sets=3, reps=10, hold_seconds=3, per_side=True),
    ),
    ExerciseData(
        slug="side-lying-abduction",
        name="Side-lying hip abduction",
        aim="glute-activation",
        tier=1,
        purpose="Isolates gluteus medius and is nearly as much a core exercise: the pelvis is "
        "held down so the lift comes from the hip, not the spine. It is very often done from "
        "the spine.",
        muscles=(M.GLUTEUS_MEDIUS, M.OBLIQUES),
        pattern="Hip abduction with pelvic depression",
        equipment=(),
        setup="Lying on one side with the back against a wall for feedback, bottom knee bent, "
        "top leg straight in line with the trunk, toes pointing forward.",
        cues=(
            "Reach the top heel long, away from the ribs, before lifting.",
            "Lift a hand's width, heel first, with the leg slightly behind the body.",
            "Keep the top side of the waist long and the pelvis still.",
            "Hold at the top until the side of the hip tires.",
        ),
        faults=(
            "The pelvis hitches toward the ribs, so the spine does the lifting.",
            "The leg drifts forward into hip flexion.",
            "The toes turn up to the ceiling.",
            "The trunk rolls backward.",
        ),
        dose=Dose(sets=3, hold_to_fatigue=True, per_side=True),
    ),
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
    ExerciseData(
        slug="prone-external-rotation-band",
        name="Prone hip external rotation with band",
        aim="glute-activation",
        tier=1,
        purpose="Rotational control for the hip and the sacroiliac joint. The band pulls the "
        "foot outward; turning the shin back in rotates the hip outward.",
        muscles=(M.DEEP_HIP_ROTATORS, M.GLUTEUS_MAXIMUS),
        pattern="Hip external rotation, prone",
        equipment=(E.BAND,),
        setup="Lying face down, the working knee bent to 90°, a band around the ankle pulling "
        "the foot away from the midline.",
        cues=(
            "Keep the thighs together and the pelvis flat.",
            "Turn the shin in toward the other leg against the band.",
            "Return slowly; do not let the band pull the leg out.",
        ),
        faults=(
            "The pelvis lifts on one side.",
            "The thigh slides outward.",
            "The movement is quick and uses momentum.",
        ),
        dose=Dose(sets=3, reps=12, per_side=True),
    ),
    ExerciseData(
        slug="side-plank-clam",
        name="Side-plank clam",
        aim="glute-activation",
        tier=1,
        purpose="The clam shell lifted onto the forearm: adds dynamic stability and core work.",
        muscles=(M.GLUTEUS_MEDIUS, M.DEEP_HIP_ROTATORS, M.OBLIQUES),
        pattern="Hip external rotation in a side plank",
        equipment=(),
        setup="Side-lying on the forearm, elbow under the shoulder, hips and knees bent, feet "
        "together.",
        cues=(
            "Lift the hips so the body is straight from head to knees.",
            "Open the top knee while the feet stay together.",
            "Keep the hips up and still while the knee moves.",
        ),
        faults=(
            "The hips sag toward the mat.",
            "The pelvis rolls back as the knee opens.",
            "The supporting shoulder shrugs.",
        ),
        dose=Dose(sets=3, reps=8, per_side=True),
    ),
    ExerciseData(
        slug="fire-hydrant",
        name="Fire hydrant",
        aim="glute-activation",
        tier=1,
        purpose="Extension, external rotation and abduction of the hip together, the three "
        "motions gluteus maximus controls, while spine and pelvis stay neutral: a clam shell "
        "on hands and knees.",
        muscles=(M.GLUTEUS_MAXIMUS, M.GLUTEUS_MEDIUS, M.DEEP_HIP_ROTATORS),
        pattern="Hip extension, abduction and external rotation on hands and knees",
        equipment=(),
        setup="On hands and knees: hands under the shoulders, knees under the hips, spine neutral.",
        cues=(
            "Push the floor away so the upper back does not sag.",
            "Lift the bent knee out to the side and slightly back, thigh turning out.",
            "Keep the pelvis level, as if a cup sat on the low back.",
            "Pause at the top, then lower slowly.",
        ),
        faults=(
            "The pelvis tilts or turns toward the lifting side.",
            "The low back arches.",
            "The weight shifts far over the supporting knee.",
        ),
        dose=Dose(sets=3, reps=10, hold_seconds=2, per_side=True),
    ),
    ExerciseData(
        slug="standing-fire-hydrant",
        name="Standing fire hydrant",
        aim="glute-activation",
        tier=1,
        purpose="The fire hydrant on one leg: more load, more planes, more freedom. The hard "
        "part is the stance side, holding the pelvis level and the knee over the foot.",
        muscles=(M.GLUTEUS_MAXIMUS, M.GLUTEUS_MEDIUS, M.DEEP_HIP_ROTATORS, M.FOOT_AND_ANKLE),
        pattern="Hip extension, abduction and external rotation in single-leg stance",
        equipment=(E.WALL,),
        setup="Standing on one leg, knee slightly bent, the other hip and knee bent to about "
        "90°. Fingertips on a wall for balance at first.",
        cues=(
            "Keep the standing knee over the middle of the foot.",
            "Open the lifted knee out and back, thigh turning out.",
            "Keep the pelvis level and facing forward.",
            "Move slowly and own each end position.",
        ),
        faults=(
            "The standing knee drifts inward.",
            "The pelvis drops or turns with the moving leg.",
            "The trunk leans away from the moving leg.",
        ),
        dose=Dose(sets=3, reps=8, per_side=True),
    ),
    ExerciseData(
        slug="wall-hip-push",
        name="Wall hip push",
        aim="glute-activation",
        tier=1,
        purpose="A standing progression of side-lying abduction. The foot position and which "
        "leg lifts change the plane worked; the pelvic and trunk cues stay the same.",
        muscles=(M.GLUTEUS_MEDIUS, M.OBLIQUES),
        pattern="Standing hip abduction, isometric against a wall",
        equipment=(E.WALL,),
        setup="Standing side-on to a wall on the outer leg. The inner leg is lifted, hip and "
        "knee bent, its knee pressing into the wall at hip height.",
        cues=(
            "Stand tall on the outer leg, knee soft.",
            "Press the lifted knee into the wall and hold.",
            "Keep the pelvis level and both sides of the waist long.",
            "Hold until the standing hip tires.",
        ),
        faults=(
            "The trunk leans into the wall.",
            "The standing hip pushes out to the side.",
            "The pelvis hitches on the lifted side.",
        ),
        dose=Dose(sets=3, hold_to_fatigue=True, per_side=True),
    ),
    ExerciseData(
        slug="banded-lateral-walk",
        name="Banded lateral walk",
        aim="glute-activation",
        tier=2,
        purpose="Side-steps against a band: gluteus medius holds the pelvis on one leg while "
        "the other leg moves, step after step.",
        muscles=(M.GLUTEUS_MEDIUS, M.DEEP_HIP_ROTATORS),
        pattern="Side-stepping against resistance",
        equipment=(E.BAND,),
        setup="A band around the lower thighs or ankles, feet hip-width apart, hips and knees "
        "slightly bent, trunk tall.",
        cues=(
            "Step sideways with the leading leg, keeping the band taut.",
            "Follow with the trailing leg without letting the feet meet.",
            "Keep the pelvis level and the toes pointing forward.",
        ),
        faults=(
            "The trunk sways from side to side.",
            "The feet turn out.",
            "The knees cave toward each other.",
        ),
        dose=Dose(sets=3, reps=10, per_side=True),
    ),
)
