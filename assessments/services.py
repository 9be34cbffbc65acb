import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from assessments import library
from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentTest,
    Finding,
    Intervention,
    OrderedTest,
    Reflection,
    TestDefinition,
    TestSet,
    TestSetItem,
)
from clinic.models import Client, Clinic
from clinic.services import ARCHIVED_READ_ONLY, client_mark_seen
from exercises.models import Exercise

NO_TESTS = "Choose a test set or at least one test."
TEST_TWICE = "Each test appears once in a round."
TEST_NOT_AVAILABLE = "That test is not in your clinic's library."
CLIENT_ARCHIVED = "This client is archived; restore them before recording a new baseline."
RETEST_OF_RETEST = "A retest repeats a baseline; start it from the baseline."
DOUBLE_SUBMIT_WINDOW = datetime.timedelta(seconds=30)
EXERCISE_NOT_AVAILABLE = "That exercise is not in your clinic's catalog."
TEST_NAME_TAKEN = "Your clinic already has a test with this name."
SET_NAME_TAKEN = "Your clinic already has a test set with this name."
SET_NEEDS_TESTS = "A test set needs at least one test."

# Every field of a finding that the clinician enters; an upsert rewrites all of them.
FINDING_FIELDS = ["value", "pain", "grade", "symptom", "sign", "compensations", "note"]


def _check_tests(tests: Sequence[TestDefinition], *, clinic: Clinic, field: str) -> None:
    if not tests:
        raise ValidationError({field: NO_TESTS})
    if len({t.pk for t in tests}) != len(tests):
        raise ValidationError({field: TEST_TWICE})
    if any(t.clinic_id not in (None, clinic.pk) for t in tests):
        raise ValidationError({field: TEST_NOT_AVAILABLE})


def _add_in_order(
    model: type[OrderedTest], tests: Sequence[TestDefinition], **parent: object
) -> None:
    model.objects.bulk_create(
        model(test=test, position=index, **parent) for index, test in enumerate(tests)
    )


def assessment_create_baseline(
    *,
    client: Client,
    clinician: AbstractBaseUser,
    tests: Sequence[TestDefinition],
    performed_at: datetime.datetime | None = None,
    rater: str = "",
    instrument: str = "",
    position: str = "",
    note: str = "",
) -> Assessment:
    """Open a baseline round for a client with these tests, in this order."""
    if client.is_archived:
        raise ValidationError(CLIENT_ARCHIVED)
    _check_tests(tests, clinic=client.clinic, field="tests")
    assessment = Assessment(
        client=client,
        kind=AssessmentKind.BASELINE,
        clinician=clinician,
        performed_at=performed_at or timezone.now(),
        rater=rater,
        instrument=instrument,
        position=position,
        note=note,
    )
    assessment.full_clean()
    with transaction.atomic():
        assessment.save()
        _add_in_order(AssessmentTest, tests, assessment=assessment)
        client_mark_seen(client=client, at=assessment.performed_at)
    return assessment


def assessment_create_retest(
    *,
    baseline: Assessment,
    clinician: AbstractBaseUser,
    performed_at: datetime.datetime | None = None,
) -> Assessment:
    """Open a retest of a baseline: the same tests in the same order, and by default the same
    rater, instrument and position, since changing them makes a change harder to trust."""
    if baseline.kind != AssessmentKind.BASELINE:
        raise ValidationError(RETEST_OF_RETEST)
    client = baseline.client
    if client.is_archived:
        raise ValidationError(CLIENT_ARCHIVED.replace("a new baseline", "a retest"))
    # A double tap on "Start a retest" opens one retest, not two: a retest this clinician
    # opened moments ago and has not yet recorded anything in is the one they meant.
    just_opened = (
        baseline.retests.filter(
            clinician=clinician,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
            findings__isnull=True,
        )
        .order_by("-created_at")
        .first()
    )
    if just_opened is not None and performed_at is None:
        return just_opened
    retest = Assessment(
        client=client,
        kind=AssessmentKind.RETEST,
        baseline=baseline,
        clinician=clinician,
        performed_at=performed_at or timezone.now(),
        rater=baseline.rater,
        instrument=baseline.instrument,
        position=baseline.position,
    )
    retest.full_clean()
    tests = [item.test for item in baseline.items.select_related("test")]
    with transaction.atomic():
        retest.save()
        _add_in_order(AssessmentTest, tests, assessment=retest)
        client_mark_seen(client=client, at=retest.performed_at)
    return retest


def intervention_log(
    *,
    after_round: Assessment,
    clinician: AbstractBaseUser,
    exercise: Exercise | None = None,
    sets: int | None = None,
    reps: int | None = None,
    hold_seconds: int | None = None,
    load: str = "",
    description: str = "",
    performed_at: datetime.datetime | None = None,
) -> Intervention:
    """Record treatment given after a round: an exercise of the clinic's catalog with its dose,
    or a manual treatment described in words."""
    _refuse_if_archived(after_round.client)
    clinic_id = after_round.client.clinic_id
    if exercise is not None and exercise.clinic_id not in (None, clinic_id):
        raise ValidationError({"exercise": EXERCISE_NOT_AVAILABLE})
    intervention = Intervention(
        after_round=after_round,
        clinician=clinician,
        exercise=exercise,
        sets=sets,
        reps=reps,
        hold_seconds=hold_seconds,
        load=load.strip(),
        description=description.strip(),
        performed_at=performed_at or timezone.now(),
    )
    intervention.full_clean()
    intervention.save()
    return intervention


def intervention_remove(*, intervention: Intervention) -> None:
    """Take back a treatment entry logged by mistake, unless the client is archived."""
    _refuse_if_archived(intervention.after_round.client)
    intervention.delete()


def reflection_save(
    *,
    baseline: Assessment,
    author: AbstractBaseUser,
    expected: str = "",
    why: str = "",
    next_step: str = "",
) -> Reflection:
    """Keep the clinician's reading of the comparison beside the report (one per baseline)."""
    if baseline.kind != AssessmentKind.BASELINE:
        raise ValidationError(RETEST_OF_RETEST)
    _refuse_if_archived(baseline.client)
    reflection = Reflection(
        baseline=baseline,
        expected=expected,
        why=why.strip(),
        next_step=next_step.strip(),
        updated_by=author,
    )
    reflection.full_clean(validate_unique=False)
    (saved,) = Reflection.objects.bulk_create(
        [reflection],
        update_conflicts=True,
        unique_fields=["baseline"],
        update_fields=["expected", "why", "next_step", "updated_by", "updated_at"],
    )
    return saved


def finding_save(
    *,
    item: AssessmentTest,
    side: str,
    value: Decimal | None = None,
    pain: int | None = None,
    grade: int | None = None,
    symptom: str = "",
    sign: str = "",
    compensations: Iterable[str] = (),
    note: str = "",
) -> Finding | None:
    """Record one test's result, for one side, in a round; it replaces what was recorded before.

    Taking the round's test item (not a bare test) means a finding can only be saved for a test
    that is part of the round. A result with nothing in it removes the finding, so clearing a
    row's inputs leaves the test unrecorded. Returns the saved finding, or None when cleared.
    """
    _refuse_if_archived(item.assessment.client)
    finding = Finding(
        assessment=item.assessment,
        test=item.test,
        side=side,
        value=value,
        pain=pain,
        grade=grade,
        symptom=symptom,
        sign=sign,
        compensations=list(dict.fromkeys(compensations)),  # each ticked once, in order
        note=note,
    )
    if finding.is_empty:
        Finding.objects.filter(assessment=item.assessment, test=item.test, side=side).delete()
        return None
    # The round and the test were just loaded, uniqueness is settled by the upsert below, and
    # the CHECK constraints are mirrored by field validators and clean(): checking any of them
    # again would cost a query each on the path every keystroke-and-tab takes.
    finding.full_clean(
        exclude=["assessment", "test"], validate_unique=False, validate_constraints=False
    )
    # One INSERT … ON CONFLICT DO UPDATE: two saves of the same finding never collide, and
    # saves of different findings of a round never touch each other's rows.
    (saved,) = Finding.objects.bulk_create(
        [finding],
        update_conflicts=True,
        unique_fields=["assessment", "test", "side"],
        update_fields=[*FINDING_FIELDS, "updated_at"],
    )
    return saved


def _slug_for(name: str) -> str:
    """A slug for any name: names without Latin letters (测试, Δοκιμή, "!!") get a stable one."""
    slug = slugify(name)[:80]
    return slug or "n-" + hashlib.sha256(name.casefold().encode()).hexdigest()[:16]


def _refuse_if_archived(client: Client) -> None:
    if client.is_archived:
        raise ValidationError(ARCHIVED_READ_ONLY)


def test_definition_create(*, clinic: Clinic, name: str, **fields: object) -> TestDefinition:
    """Add a test of the clinic's own to its library; shipped tests stay as they are."""
    name = name.strip()
    slug = _slug_for(name)
    if TestDefinition.objects.filter(clinic=clinic, slug=slug).exists():
        raise ValidationError({"name": TEST_NAME_TAKEN})
    test = TestDefinition(clinic=clinic, slug=slug, name=name, **fields)
    test.full_clean()
    test.save()
    return test


def test_set_create(
    *, clinic: Clinic, name: str, tests: Sequence[TestDefinition], description: str = ""
) -> TestSet:
    """Save a clinic's own named bundle of tests, in this order."""
    name = name.strip()
    if not tests:
        raise ValidationError({"tests": SET_NEEDS_TESTS})
    _check_tests(tests, clinic=clinic, field="tests")
    slug = _slug_for(name)
    if TestSet.objects.filter(clinic=clinic, slug=slug).exists():
        raise ValidationError({"name": SET_NAME_TAKEN})
    test_set = TestSet(clinic=clinic, slug=slug, name=name, description=description)
    test_set.full_clean(validate_constraints=False)
    with transaction.atomic():
        test_set.save()
        _add_in_order(TestSetItem, tests, test_set=test_set)
    return test_set


@dataclass(frozen=True)
class LibraryLoad:
    created: int
    updated: int
    unchanged: int


def _upsert(model: type, existing: dict, data: dict) -> tuple[object, str]:
    row = existing.get(data["slug"])
    if row is None:
        row = model(clinic=None, **data)
        outcome = "created"
    elif all(getattr(row, field) == value for field, value in data.items()):
        return row, "unchanged"
    else:
        for field, value in data.items():
            setattr(row, field, value)
        outcome = "updated"
    # The CHECK constraints still guard the save; checking each one first would cost a
    # query per constraint per row, and the slug's uniqueness is what `existing` settles.
    row.full_clean(validate_constraints=False)
    row.save()
    return row, outcome


# Fields a library entry may leave out; an update resets them to their defaults so that
# removing a line from library.py removes it from the database too.
LIBRARY_OPTIONAL_FIELDS = [
    "unit",
    "value_min",
    "value_max",
    "decimals",
    "records_pain",
    "grade_labels",
    "compensations",
    "sided",
    "mdc",
    "mdc_source",
    "mcid",
    "mcid_source",
    "evidence_note",
    "evidence_to_check",
    "position",
    "instrument",
    "protocol",
]


def test_library_load() -> LibraryLoad:
    """Bring the shipped tests and test sets in line with `assessments.library`.

    Rows are matched by slug among the shipped ones only: a clinic's own tests and sets are
    never read or changed. A second run finds everything unchanged and writes nothing.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    defaults = {
        field: TestDefinition._meta.get_field(field).get_default()
        for field in LIBRARY_OPTIONAL_FIELDS
    }
    with transaction.atomic():
        tests = {t.slug: t for t in TestDefinition.objects.filter(clinic__isnull=True)}
        for data in library.TESTS:
            test, outcome = _upsert(TestDefinition, tests, {**defaults, **data})
            tests[test.slug] = test
            counts[outcome] += 1
        sets = {
            s.slug: s for s in TestSet.objects.filter(clinic__isnull=True).prefetch_related("items")
        }
        for data in library.TEST_SETS:
            wanted = [tests[slug] for slug in data["tests"]]
            fields = {k: v for k, v in data.items() if k != "tests"}
            test_set, outcome = _upsert(TestSet, sets, fields)
            have = [item.test_id for item in test_set.items.all()] if outcome != "created" else []
            if have != [test.pk for test in wanted]:
                test_set.items.all().delete()
                _add_in_order(TestSetItem, wanted, test_set=test_set)
                outcome = "created" if outcome == "created" else "updated"
            counts[outcome] += 1
    return LibraryLoad(**counts)
