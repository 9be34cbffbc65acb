"""A clinic's own tests and test sets, and the shipped library kept in line with
`assessments.library`."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from assessments import library
from assessments.models import (
    TestDefinition,
    TestSet,
    TestSetItem,
)
from clinic.models import Clinic

from .common import add_in_order, check_tests

M = TypeVar("M", TestDefinition, TestSet)

TEST_NAME_TAKEN = "Your clinic already has a test with this name."
SET_NAME_TAKEN = "Your clinic already has a test set with this name."
SET_NEEDS_TESTS = "A test set needs at least one test."


def _slug_for(name: str) -> str:
    """A slug for any name: names without Latin letters (测试, Δοκιμή, "!!") get a stable one."""
    slug = slugify(name)[:80]
    return slug or "n-" + hashlib.sha256(name.casefold().encode()).hexdigest()[:16]


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
    check_tests(tests, clinic=clinic, field="tests")
    slug = _slug_for(name)
    if TestSet.objects.filter(clinic=clinic, slug=slug).exists():
        raise ValidationError({"name": SET_NAME_TAKEN})
    test_set = TestSet(clinic=clinic, slug=slug, name=name, description=description)
    test_set.full_clean(validate_constraints=False)
    with transaction.atomic():
        test_set.save()
        add_in_order(TestSetItem, tests, test_set=test_set)
    return test_set


@dataclass(frozen=True)
class LibraryLoad:
    created: int
    updated: int
    unchanged: int


def _upsert(model: type[M], existing: dict[str, M], data: dict[str, Any]) -> tuple[M, str]:
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


def test_library_load() -> LibraryLoad:
    """Bring the shipped tests and test sets in line with `assessments.library`.

    Rows are matched by slug among the shipped ones only: a clinic's own tests and sets are
    never read or changed. A second run finds everything unchanged and writes nothing.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        shipped = TestDefinition.objects.filter(clinic__isnull=True).select_related("pain_test")
        tests = {t.slug: t for t in shipped}
        # Every field is written, so a line removed from the library is reset in the database.
        for data in library.TESTS:
            values = data.model_fields()
            # A pain test comes earlier in the library than the tests whose pain it judges.
            values["pain_test"] = tests[data.pain_test] if data.pain_test else None
            test, outcome = _upsert(TestDefinition, tests, values)
            tests[test.slug] = test
            counts[outcome] += 1
        sets = {
            s.slug: s for s in TestSet.objects.filter(clinic__isnull=True).prefetch_related("items")
        }
        for entry in library.TEST_SETS:
            wanted = [tests[slug] for slug in entry.tests]
            fields = {"slug": entry.slug, "name": entry.name, "description": entry.description}
            test_set, outcome = _upsert(TestSet, sets, fields)
            have = [item.test_id for item in test_set.items.all()] if outcome != "created" else []
            if have != [test.pk for test in wanted]:
                test_set.items.all().delete()
                add_in_order(TestSetItem, wanted, test_set=test_set)
                outcome = "created" if outcome == "created" else "updated"
            counts[outcome] += 1
    return LibraryLoad(**counts)
