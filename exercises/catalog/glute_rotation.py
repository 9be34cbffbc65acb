"""Glute isolation for abduction and external rotation: gluteus medius and the deep rotators,
from supported holds to standing and banded work."""

from exercises.catalog.types import Dose, ExerciseData
from exercises.models import Equipment as E
from exercises.models import Muscle as M

GLUTE_ROTATION = (
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
