"""The assessments app's views, by page: rounds and their entry, the test library, reports."""

from .corrections import assessment_remove, assessment_test_add, assessment_test_remove
from .library import test_definition_create, test_list, test_set_create, test_set_list
from .reports import reflection_save, report_csv, report_detail, report_summary
from .rounds import (
    assessment_detail,
    assessment_update,
    assessment_void,
    baseline_create,
    finding_history,
    finding_save,
    retest_create,
)
from .treatment import (
    intervention_create,
    intervention_delete,
    intervention_picker,
    treatment_choose,
)

__all__ = [
    "assessment_detail",
    "assessment_remove",
    "assessment_test_add",
    "assessment_test_remove",
    "assessment_update",
    "assessment_void",
    "baseline_create",
    "finding_history",
    "finding_save",
    "intervention_create",
    "intervention_delete",
    "intervention_picker",
    "reflection_save",
    "report_csv",
    "report_detail",
    "report_summary",
    "retest_create",
    "test_definition_create",
    "test_list",
    "test_set_create",
    "test_set_list",
    "treatment_choose",
]
