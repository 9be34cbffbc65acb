"""Hinging, single-leg, loaded and fast work that carries the isolated control into function."""

from exercises.catalog.types import Dose, ExerciseData
from exercises.models import Equipment as E
from exercises.models import Muscle as M

HINGE = (
    ExerciseData(
        slug="kneeling-hip-thruster",
        name="Kneeling hip thruster",
        aim="hinge-loaded-function",
        tier=1,
        purpose="A step on from the bridge for a client not yet ready to hinge standing.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS),
        pattern="Hip hinge from tall kneeling",
        equipment=(E.BAND,),
        setup="Tall kneeling on a pad, knees hip-width apart; a band around the hips anchored "
        "low behind adds resistance once the pattern is clean.",
        cues=(
            "Sit the hips back toward the heels with the trunk straight.",
            "Drive the hips forward to tall kneeling by squeezing the glutes.",
            "Finish with the ribs down and the pelvis under them, not in front.",
        ),
        faults=(
            "The low back arches at the top.",
            "The trunk bends forward instead of the hips moving back.",
            "The hamstrings cramp.",
        ),
        dose=Dose(sets=3, reps=12),
    ),
    ExerciseData(
        slug="single-leg-rdl",
        name="Single-leg Romanian deadlift",
        aim="hinge-loaded-function",
        tier=1,
        purpose="A foundation for every programme. A soft knee, weight shifted back, a level "
        "pelvis and quiet low-back muscles show that the leg has accepted the load.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS, M.FOOT_AND_ANKLE),
        pattern="Single-leg hip hinge",
        equipment=(),
        setup="Standing on one leg with the knee softly bent, the other foot just off the floor "
        "behind.",
        cues=(
            "Send the hips back as the trunk tips forward, as one piece.",
            "Keep the standing knee soft and still.",
            "Keep both hip bones pointing at the floor.",
            "Stand by driving the hips forward, not by lifting the chest.",
        ),
        faults=(
            "The pelvis opens toward the free leg.",
            "The low back rounds, or its muscles grip.",
            "The standing knee locks or drifts inward.",
            "The weight stays on the toes.",
        ),
        dose=Dose(sets=3, reps=8, per_side=True),
    ),
    ExerciseData(
        slug="single-leg-squat",
        name="Single-leg squat",
        aim="hinge-loaded-function",
        tier=1,
        purpose="Another foundation exercise. Cue the trunk forward and it loads the glutes; "
        "upright, the quadriceps. It also trains the foot and teaches a backward weight shift.",
        muscles=(M.GLUTEUS_MAXIMUS, M.QUADRICEPS, M.FOOT_AND_ANKLE),
        pattern="Single-leg squat",
        equipment=(),
        setup="Standing on one leg with the foot's heel, big toe and little toe all heavy, the "
        "other foot just off the floor in front.",
        cues=(
            "Keep the three points of the foot heavy on the floor.",
            "Sit the hips back and tip the trunk forward to bias the glutes.",
            "Keep the knee over the second toe.",
            "Go only as deep as control allows.",
        ),
        faults=(
            "The knee caves inward.",
            "The pelvis drops on the free side.",
            "The arch of the foot collapses.",
            "The weight drifts onto the toes.",
        ),
        dose=Dose(sets=3, reps=8, per_side=True),
    ),
    ExerciseData(
        slug="standing-hip-hinge",
        name="Standing hip hinge with dowel",
        aim="hinge-loaded-function",
        tier=2,
        purpose="The hinge standing on two legs: the hips move back while the spine keeps its "
        "shape. The base of every deadlift and pull-through.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS),
        pattern="Hip hinge on two legs",
        equipment=(E.DOWEL,),
        setup="Standing with feet hip-width apart and knees soft, a dowel along the spine "
        "touching the back of the head, the upper back and the sacrum.",
        cues=(
            "Push the hips back as if closing a drawer behind you.",
            "Keep all three points on the dowel.",
            "Tip forward until the backs of the thighs stretch.",
            "Drive the hips forward to stand, squeezing the glutes.",
        ),
        faults=(
            "The back rounds away from the dowel.",
            "The knees travel forward into a squat.",
            "The finish leans back instead of standing tall.",
        ),
        dose=Dose(sets=3, reps=10),
    ),
    ExerciseData(
        slug="cable-pull-through",
        name="Cable pull-through",
        aim="hinge-loaded-function",
        tier=2,
        purpose="A loaded hinge when there is no deadlift set-up. The cable draws the hips back "
        "first, so each rep opens with the glutes lengthening under load; many clients then "
        "feel their glutes and finish the rep from the hips instead of the low back. Also a "
        "good in-visit treatment between a failed bridge test and its retest.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS),
        pattern="Loaded hip hinge",
        equipment=(E.CABLE,),
        setup="Facing away from a low cable pulley, a rope handle held between the legs, feet a "
        "little wider than the hips, one or two steps out so the stack lifts.",
        cues=(
            "Let the rope draw the hips back while the spine stays long.",
            "Keep the neck in line with the spine, eyes on the floor a little ahead.",
            "Stand by driving the hips forward and squeezing the glutes.",
            "Finish tall, without leaning back.",
        ),
        faults=(
            "The low back bends on the way down and arches on the way up.",
            "The head lifts and the upper neck bends back.",
            "The knees bend into a squat.",
            "The arms pull the rope instead of the hips moving it.",
        ),
        dose=Dose(sets=4, reps=10),
    ),
    ExerciseData(
        slug="kettlebell-deadlift",
        name="Kettlebell deadlift",
        aim="hinge-loaded-function",
        tier=2,
        purpose="The hinge taken to the floor with a load in the hands.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS, M.LUMBAR_EXTENSORS, M.QUADRICEPS),
        pattern="Loaded hip hinge from the floor",
        equipment=(E.KETTLEBELL,),
        setup="Feet hip-width apart with a kettlebell on the floor between the arches.",
        cues=(
            "Hinge down to the handle with the shins close to upright.",
            "Set a flat back and draw the shoulders down before lifting.",
            "Push the floor away and bring the hips through to stand.",
            "Lower by sending the hips back first.",
        ),
        faults=(
            "The back rounds as the weight leaves the floor.",
            "The hips rise before the chest.",
            "The bell drifts away from the body.",
        ),
        dose=Dose(sets=3, reps=8),
    ),
    ExerciseData(
        slug="loaded-hip-thrust",
        name="Loaded hip thrust",
        aim="hinge-loaded-function",
        tier=2,
        purpose="The hip thruster with a barbell or a weight across the hips, for strength "
        "once the unloaded versions are owned.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS),
        pattern="Loaded hip extension, shoulders on a bench",
        equipment=(E.BENCH, E.BARBELL),
        setup="Upper back on a bench, a padded bar or a weight across the front of the hips, "
        "feet flat and hip-width apart.",
        cues=(
            "Brace with the ribs down before each lift.",
            "Drive through the heels until shoulders, hips and knees line up.",
            "Hold the top for a second without arching.",
            "Lower under control.",
        ),
        faults=(
            "The low back arches to finish the lift.",
            "The knees cave in.",
            "The load rolls up toward the ribs.",
        ),
        dose=Dose(sets=3, reps=8),
    ),
    ExerciseData(
        slug="loaded-single-leg-rdl",
        name="Single-leg Romanian deadlift with kettlebell",
        aim="hinge-loaded-function",
        tier=2,
        purpose="The single-leg hinge with a weight in the opposite hand, adding load and a "
        "rotation the standing hip has to resist.",
        muscles=(M.GLUTEUS_MAXIMUS, M.GLUTEUS_MEDIUS, M.HAMSTRINGS, M.FOOT_AND_ANKLE),
        pattern="Loaded single-leg hip hinge",
        equipment=(E.KETTLEBELL,),
        setup="Standing on one leg, knee soft, a kettlebell in the hand opposite the standing leg.",
        cues=(
            "Hinge as before: hips back, trunk and free leg moving as one.",
            "Let the bell hang straight down, close to the standing shin.",
            "Keep the pelvis square; do not let the bell pull it open.",
            "Drive the hips forward to stand.",
        ),
        faults=(
            "The bell pulls the trunk into rotation.",
            "The shoulder on the bell side drops.",
            "The standing knee drifts inward.",
        ),
        dose=Dose(sets=3, reps=8, per_side=True),
    ),
    ExerciseData(
        slug="step-down",
        name="Step-down",
        aim="hinge-loaded-function",
        tier=2,
        purpose="Slow lowering from a step on one leg: the standing hip controls the pelvis and "
        "the knee through range under body weight.",
        muscles=(M.GLUTEUS_MEDIUS, M.GLUTEUS_MAXIMUS, M.QUADRICEPS, M.FOOT_AND_ANKLE),
        pattern="Single-leg lowering from a step",
        equipment=(E.STEP,),
        setup="Standing on one leg on a step 15 to 20 cm high, the other leg free off its "
        "front or side edge.",
        cues=(
            "Sit the hips back slightly as you lower.",
            "Lower over a count of three until the free heel just touches the floor.",
            "Keep the pelvis level and the knee over the second toe.",
            "Push back up through the whole foot.",
        ),
        faults=(
            "The knee collapses inward.",
            "The pelvis drops on the free side.",
            "The free heel takes weight instead of a light touch.",
            "The trunk leans sideways.",
        ),
        dose=Dose(sets=3, reps=10, per_side=True),
    ),
    ExerciseData(
        slug="split-squat",
        name="Split squat",
        aim="hinge-loaded-function",
        tier=2,
        purpose="A squat in a long stride: loads the front hip and knee while the back hip "
        "keeps its extension.",
        muscles=(M.GLUTEUS_MAXIMUS, M.QUADRICEPS, M.HIP_FLEXORS, M.ADDUCTORS),
        pattern="Split-stance squat",
        equipment=(),
        setup="A long stride, feet hip-width apart side to side, back heel lifted, trunk upright.",
        cues=(
            "Lower straight down until the back knee nearly touches the floor.",
            "Keep most of the weight on the front foot.",
            "Keep the pelvis square and the ribs stacked over it.",
            "Drive up through the front heel.",
        ),
        faults=(
            "The front knee caves in.",
            "The back arches as the back hip opens.",
            "The feet are in one line, as on a tightrope.",
        ),
        dose=Dose(sets=3, reps=10, per_side=True),
    ),
    ExerciseData(
        slug="kettlebell-swing",
        name="Kettlebell swing",
        aim="hinge-loaded-function",
        tier=3,
        purpose="The hinge made fast: power from a snap of the hips while the spine stays still.",
        muscles=(M.GLUTEUS_MAXIMUS, M.HAMSTRINGS, M.ABDOMINALS),
        pattern="Ballistic hip hinge",
        equipment=(E.KETTLEBELL,),
        setup="Feet a little wider than the hips, a kettlebell on the floor about a foot in front.",
        cues=(
            "Hike the bell back high between the thighs.",
            "Snap the hips forward so the bell floats up to chest height.",
            "Finish standing tall with glutes and belly tight, not leaning back.",
            "Let the bell fall and hinge to meet it.",
        ),
        faults=(
            "Squatting instead of hinging.",
            "Lifting the bell with the arms.",
            "Leaning back at the top.",
            "The back rounds as the bell swings back.",
        ),
        dose=Dose(sets=5, reps=10),
    ),
    ExerciseData(
        slug="lateral-bound-and-stick",
        name="Lateral bound and stick",
        aim="hinge-loaded-function",
        tier=3,
        purpose="A sideways jump from one leg to the other with a held landing: power out of "
        "one hip, control of the pelvis and knee on the other.",
        muscles=(M.GLUTEUS_MEDIUS, M.GLUTEUS_MAXIMUS, M.QUADRICEPS, M.FOOT_AND_ANKLE),
        pattern="Single-leg lateral jump and landing",
        equipment=(),
        setup="Standing on one leg in a quarter squat with clear space to the side.",
        cues=(
            "Push off sideways through the whole foot.",
            "Land softly on the other leg in a quarter squat.",
            "Hold the landing for two seconds: knee over the toes, pelvis level.",
            "Add distance only while the landings stay quiet.",
        ),
        faults=(
            "The knee caves on landing.",
            "The trunk falls over the landing leg.",
            "The landing is loud and stiff.",
        ),
        dose=Dose(sets=3, reps=6, per_side=True),
    ),
    ExerciseData(
        slug="split-squat-jump",
        name="Split-squat jump",
        aim="hinge-loaded-function",
        tier=3,
        purpose="The split squat made explosive: jump, switch legs in the air and land back in "
        "the stride.",
        muscles=(M.GLUTEUS_MAXIMUS, M.QUADRICEPS, M.FOOT_AND_ANKLE),
        pattern="Jumping split squat",
        equipment=(),
        setup="In the split-squat stride, arms ready to swing.",
        cues=(
            "Dip a little and jump straight up.",
            "Switch legs in the air.",
            "Land softly in the stride and flow into the next rep.",
            "Keep the front knee tracking over the foot.",
        ),
        faults=(
            "The front knee caves on landing.",
            "The trunk tips forward.",
            "The stance narrows rep by rep.",
        ),
        dose=Dose(sets=3, reps=8, per_side=True),
    ),
)
