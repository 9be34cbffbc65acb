"""Ordered lists of tests: a test set, and the tests of a round, in the order they are done."""

from django.db import models
from django.db.models import Q

from clinic.models import Clinic

from .definitions import TestDefinition


class OrderedTest(models.Model):
    """A test at a position in an ordered list: a test set's or a round's."""

    test = models.ForeignKey(TestDefinition, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.test}"


class TestSet(models.Model):
    """A named, ordered bundle of tests that starts a baseline in one click."""

    clinic_path = "clinic"
    # Rows without a clinic ship with Retest: row-level security lets every clinic read them.
    shipped_rows = True
    __test__ = False

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="test_sets"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    tests: "models.ManyToManyField[TestDefinition, TestSetItem]" = models.ManyToManyField(
        TestDefinition, through="TestSetItem", related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "slug"], nulls_distinct=False, name="testset_slug_unique"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="testset_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.clinic_id is None


class TestSetItem(OrderedTest):
    clinic_path = "test_set__clinic"
    __test__ = False

    test_set = models.ForeignKey(TestSet, on_delete=models.CASCADE, related_name="items")

    class Meta(OrderedTest.Meta):
        constraints = [
            models.UniqueConstraint(fields=["test_set", "test"], name="testsetitem_test_once"),
            models.UniqueConstraint(
                fields=["test_set", "position"], name="testsetitem_position_unique"
            ),
        ]
