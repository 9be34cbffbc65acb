from django.urls import path, register_converter

from assessments import views
from assessments.models import Side


class SideConverter:
    regex = "|".join(Side.values)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SideConverter, "side")

app_name = "assessments"

urlpatterns = [
    path(
        "clients/<int:client_pk>/assessments/new/",
        views.baseline_create,
        name="baseline-create",
    ),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/edit/", views.assessment_update, name="assessment-update"),
    path(
        "assessments/<int:pk>/findings/<int:test_pk>/<side:side>/",
        views.finding_save,
        name="finding-save",
    ),
    path(
        "assessments/<int:pk>/findings/<int:test_pk>/<side:side>/history/",
        views.finding_history,
        name="finding-history",
    ),
    path("assessments/<int:pk>/retests/", views.retest_create, name="retest-create"),
    path("assessments/<int:pk>/void/", views.assessment_void, name="assessment-void"),
    path("assessments/<int:pk>/remove/", views.assessment_remove, name="assessment-remove"),
    path("assessments/<int:pk>/tests/", views.assessment_test_add, name="assessment-test-add"),
    path(
        "assessments/<int:pk>/tests/<int:test_pk>/remove/",
        views.assessment_test_remove,
        name="assessment-test-remove",
    ),
    path(
        "assessments/<int:pk>/interventions/",
        views.intervention_create,
        name="intervention-create",
    ),
    path(
        "assessments/<int:pk>/interventions/exercises/",
        views.intervention_picker,
        name="intervention-picker",
    ),
    path("clients/<int:client_pk>/treat/", views.treatment_choose, name="treatment-choose"),
    path("interventions/<int:pk>/delete/", views.intervention_delete, name="intervention-delete"),
    path("assessments/<int:pk>/report/", views.report_detail, name="report-detail"),
    path("assessments/<int:pk>/report.csv", views.report_csv, name="report-csv"),
    path("assessments/<int:pk>/summary/", views.report_summary, name="report-summary"),
    path("assessments/<int:pk>/reflection/", views.reflection_save, name="reflection-save"),
    path("tests/", views.test_list, name="test-list"),
    path("tests/new/", views.test_definition_create, name="test-definition-create"),
    path("test-sets/", views.test_set_list, name="test-set-list"),
    path("test-sets/new/", views.test_set_create, name="test-set-create"),
]
