"""Range before control: soft tissue, hip extension, innominate, sacrum and lumbar spine."""

from exercises.catalog.types import Dose, ExerciseData
from exercises.models import Equipment as E
from exercises.models import Muscle as M

MOBILITY = (
    # Anterior soft-tissue elongation
    ExerciseData(
        slug="kneeling-psoas-stretch",
        name="Kneeling psoas stretch with dowel",
        aim="anterior-soft-tissue",
        tier=1,
        purpose="Lengthens the hip flexors of the back leg. The dowel tells the client at once "
        "if the low back arches to fake the stretch, and shows the load going vertically "
        "through the hip.",
        muscles=(M.HIP_FLEXORS,),
        pattern="Hip-extension stretch in half-kneeling",
        equipment=(E.DOWEL,),
        setup="Half-kneeling on a mat: back knee under the hip, front foot flat with its knee "
        "over the ankle. A dowel held upright along the spine touches the back of the head, "
        "the upper back and the sacrum.",
        cues=(
            "Tuck the tail slightly under before moving.",
            "Keep all three points in contact with the dowel.",
            "Shift the whole pelvis forward until the front of the back hip stretches.",
            "Breathe out slowly and let the hip sink, not the ribs lift.",
        ),
        faults=(
            "The low back arches away from the dowel.",
            "The ribs flare and the chest leans back.",
            "The pelvis turns open toward the front leg.",
            "The front knee drifts inward.",
        ),
        dose=Dose(sets=3, hold_seconds=30, per_side=True),
    ),
    # Hip-extension range of motion
    ExerciseData(
        slug="kneeling-hip-extension-3d",
        name="Half-kneeling hip extension in 3D, front foot raised",
        aim="hip-extension-range",
        tier=1,
        purpose="Works the back hip into extension and the front hip into flexion, then adds "
        "arm and trunk drivers in three planes. A raised front foot makes extension easier to "
        "reach without the lumbar spine taking over.",
        muscles=(M.HIP_FLEXORS, M.ADDUCTORS, M.OBLIQUES),
        pattern="Hip extension with arm and trunk drivers in three planes",
        equipment=(E.STEP,),
        setup="Half-kneeling with the front foot on a low step and the back knee on a pad; "
        "pelvis level and square to the front.",
        cues=(
            "Rock forward into the back hip and return, trunk tall.",
            "Add an overhead reach, then a side bend away from the back leg, then a rotation.",
            "Go only as far as the hip keeps giving; stop before the back arches.",
        ),
        faults=(
            "The lumbar spine extends to make up for missing hip range.",
            "The pelvis drops or twists toward the kneeling side.",
            "The reaching arm leads and the ribs flare.",
        ),
        dose=Dose(sets=2, reps=8, per_side=True),
    ),
    # Innominate extension
    ExerciseData(
        slug="kneeling-innominate-rock",
        name="Kneeling innominate rocks",
        aim="innominate-extension",
        tier=1,
        purpose="A mobilisation with movement: a hand on the sacrum or on the pelvic bone "
        "guides their rotation while the hip rocks into extension.",
        muscles=(M.HIP_FLEXORS,),
        pattern="Rocking hip extension with pelvic mobilisation",
        equipment=(E.HANDS_ON,),
        setup="Half-kneeling on a pad. The clinician's hand, or the client's own, rests on the "
        "sacrum or on the back of the pelvic bone of the working side.",
        cues=(
            "Rock the pelvis forward over the back knee in a slow rhythm.",
            "Let the hand follow the pelvis forward; it guides, it does not push down.",
            "Keep the trunk tall and the belly lightly braced.",
        ),
        faults=(
            "The rock comes from the low back instead of the hip.",
            "The pressure is so firm that the client braces or holds the breath.",
            "The hand slides up onto the lumbar spine.",
        ),
        dose=Dose(sets=2, reps=10, per_side=True),
    ),
    # Sacral and lumbar extension
    ExerciseData(
        slug="prone-tke-press-up",
        name="Prone knee lock-out with press-up",
        aim="sacral-lumbar-extension",
        tier=1,
        purpose="The legs are locked with the hips in extension, then the trunk presses up. "
        "Extending the lumbar spine over a fixed pelvis pushes the pelvis down and into "
        "extension with it.",
        muscles=(M.GLUTEUS_MAXIMUS, M.QUADRICEPS, M.LUMBAR_EXTENSORS),
        pattern="Lumbar extension over locked hip extension",
        equipment=(),
        setup="Lying face down, hands under the shoulders, legs straight and hip-width apart.",
        cues=(
            "Straighten both knees hard so the kneecaps lift off the mat.",
            "Squeeze the glutes to lock the hips before the trunk moves.",
            "Press the chest up slowly, keeping the front of the pelvis on the mat.",
            "Lower with control and relax fully between reps.",
        ),
        faults=(
            "The knees unlock as the trunk rises.",
            "The pelvis lifts off the mat.",
            "The shoulders shrug toward the ears.",
        ),
        dose=Dose(sets=2, reps=10, hold_seconds=3),
    ),
)
