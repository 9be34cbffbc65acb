"""The two pelvic diagonals and the whole-body control built on them."""

from exercises.catalog.types import Dose, ExerciseData
from exercises.models import Equipment as E
from exercises.models import Muscle as M

PELVIC_CONTROL = (
    ExerciseData(
        slug="pelvic-pnf-anterior-elevation",
        name="Pelvic PNF: anterior elevation to posterior depression",
        aim="pelvic-control",
        tier=1,
        purpose="The first pelvic diagonal, up and forward, then down and back. The down-and-"
        "back end is where the glutes are facilitated, so it gets the longest hold.",
        muscles=(M.GLUTEUS_MAXIMUS, M.QUADRATUS_LUMBORUM, M.OBLIQUES),
        pattern="Pelvic diagonal, side-lying",
        equipment=(E.HANDS_ON,),
        setup="Side-lying with the working side up, hips and knees bent to about 45°, spine "
        "neutral. The clinician's hands rest on the front of the iliac crest and on the sitting "
        "bone.",
        cues=(
            "Draw the top of the pelvis up and forward, toward the lower ribs.",
            "Then take it down and back, toward the opposite heel.",
            "Only the pelvis moves: the trunk and the legs stay still.",
            "Hold the down-and-back end against light resistance.",
        ),
        faults=(
            "The trunk rolls with the pelvis.",
            "The hip bends or straightens instead of the pelvis moving.",
            "The movement stays straight up and down instead of on the diagonal.",
        ),
        dose=Dose(sets=3, reps=10, per_side=True),
    ),
    ExerciseData(
        slug="pelvic-pnf-posterior-elevation",
        name="Pelvic PNF: posterior elevation to anterior depression",
        aim="pelvic-control",
        tier=1,
        purpose="The second pelvic diagonal, up and back, then down and forward. Full pelvic "
        "control needs both diagonals.",
        muscles=(M.QUADRATUS_LUMBORUM, M.OBLIQUES, M.HIP_FLEXORS),
        pattern="Pelvic diagonal, side-lying",
        equipment=(E.HANDS_ON,),
        setup="Side-lying with the working side up, hips and knees bent to about 45°, spine "
        "neutral. The clinician's hands rest on the back of the iliac crest and on the front of "
        "the hip.",
        cues=(
            "Draw the back of the pelvis up and back, toward the shoulder blade.",
            "Then take it down and forward, toward the front of the knee.",
            "Only the pelvis moves: the trunk and the legs stay still.",
            "Move slowly through the whole diagonal, with no jump at either end.",
        ),
        faults=(
            "The low back arches as the pelvis goes up and back.",
            "The trunk side-bends to help.",
            "The movement stays straight up and down instead of on the diagonal.",
        ),
        dose=Dose(sets=3, reps=10, per_side=True),
    ),
    ExerciseData(
        slug="pelvic-drop",
        name="Pelvic drops",
        aim="pelvic-control",
        tier=1,
        purpose="Mobilises and stabilises the pelvic diagonals. With the hip below 90° it works "
        "anterior elevation to posterior depression; at 90° or more, posterior elevation to "
        "anterior depression. Lowered slowly, it lengthens quadratus lumborum and helps to "
        "reduce an upslipped pelvis.",
        muscles=(M.GLUTEUS_MEDIUS, M.QUADRATUS_LUMBORUM),
        pattern="Hip hitch and drop",
        equipment=(E.STEP,),
        setup="Standing side-on on a step on one leg, the other leg hanging free off the edge "
        "(hip below 90°). For the other diagonal, lie on the back with hips and knees at 90°.",
        cues=(
            "Stand tall on the supporting leg, knee straight but not locked.",
            "Let the free side of the pelvis lower over a slow count of three.",
            "Lift it back to level with the standing hip, not by leaning.",
            "Keep the shoulders level throughout.",
        ),
        faults=(
            "The trunk leans over the standing leg.",
            "The standing knee bends to fake the drop.",
            "The drop is quick and uncontrolled.",
        ),
        dose=Dose(sets=3, reps=10, per_side=True),
    ),
    ExerciseData(
        slug="single-leg-ab-series",
        name="Single-leg ab series",
        aim="pelvic-control",
        tier=1,
        purpose="A one-sided core exercise. The hip is placed in flexion, adduction and external "
        "rotation, where its own muscles are at a disadvantage, so the trunk has to do the "
        "work against the hand at the knee.",
        muscles=(M.ABDOMINALS, M.OBLIQUES),
        pattern="Resisted hip flexion-adduction-external rotation with a chin nod",
        equipment=(E.HANDS_ON,),
        setup="Lying on the back. The working hip is bent, brought across the body and turned "
        "out, knee bent. The clinician's hand on the knee resists in the opposite direction.",
        cues=(
            "Start with a small nod of the chin.",
            "Push the knee into the hand without letting it move.",
            "Breathe out and draw the ribs toward the pelvis.",
            "Leave the other leg relaxed on the mat.",
        ),
        faults=(
            "The neck strains forward instead of a small nod.",
            "The breath is held.",
            "The low back lifts off the mat.",
            "The hip drifts out of its crossed position.",
        ),
        dose=Dose(sets=3, reps=5, hold_seconds=10, per_side=True),
    ),
    ExerciseData(
        slug="bird-dog",
        name="Bird dog",
        aim="pelvic-control",
        tier=1,
        purpose="An easy movement that is hard to control well: the whole body stays still "
        "while the opposite arm and leg reach. Pulling the toes up on the reaching leg can make "
        "the lumbar spine easier to hold.",
        muscles=(M.GLUTEUS_MAXIMUS, M.ABDOMINALS, M.LUMBAR_EXTENSORS, M.SCAPULAR_STABILISERS),
        pattern="Opposite arm and leg reach on hands and knees",
        equipment=(),
        setup="On hands and knees with a narrow base: hands and knees closer together than the "
        "shoulders and hips.",
        cues=(
            "Push the floor away to set the shoulder blades; the upper back stays flat.",
            "Reach one arm forward and the opposite leg back, heel first, toes pulled up.",
            "Keep the pelvis level, with no turn toward the lifted leg.",
            "Hold, then return without shifting weight.",
        ),
        faults=(
            "The upper back rounds.",
            "A shoulder blade wings or sinks.",
            "The low back arches as the leg lifts.",
            "The pelvis rotates open.",
        ),
        dose=Dose(sets=3, reps=8, hold_seconds=5, per_side=True),
    ),
)
