"""One dose: the words it reads as, and the same limits for the catalog, a programme and a
visit's treatment."""

import pytest
from django.db import IntegrityError, transaction

from exercises.dose import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS, Dose, dose_html, dose_text
from tests.factories import ExerciseFactory, InterventionFactory, PrescriptionFactory

TEXTS = [
    (Dose(sets=3, reps=10), "3 × 10 reps"),
    (Dose(reps=1), "1 rep"),
    (Dose(reps=40, load="red cable, 10 kg"), "40 reps · red cable, 10 kg"),
    (Dose(sets=3, reps=10, hold_seconds=5, per_side=True), "3 × 10 reps · hold 5 s · each side"),
    (Dose(sets=3, hold_to_fatigue=True, per_side=True), "3 × hold to fatigue · each side"),
    (Dose(hold_seconds=30), "hold 30 s"),
    (Dose(sets=2, hold_seconds=30), "2 × hold 30 s"),
    # A visit may record sets alone, or only the load.
    (Dose(sets=3), "3 sets"),
    (Dose(sets=1), "1 set"),
    (Dose(load="green band"), "green band"),
    (Dose(), ""),
]


@pytest.mark.parametrize(("dose", "text"), TEXTS)
def test_a_dose_reads_the_same_wherever_it_is_shown(dose, text):
    assert dose_text(dose) == text


def test_on_a_page_the_numbers_are_marked_up_and_the_load_escaped():
    html = dose_html(Dose(sets=3, reps=10, load="<b>red</b>"))
    assert html == (
        '<span class="num">3</span> × <span class="num">10</span> reps · &lt;b&gt;red&lt;/b&gt;'
    )


@pytest.fixture(params=["exercise", "prescription", "intervention"])
def dosed(request, ana, northside, alice):
    """A row of each model that carries a dose."""
    if request.param == "exercise":
        return ExerciseFactory(clinic=northside)
    if request.param == "prescription":
        return PrescriptionFactory(client=ana)
    return InterventionFactory(after_round__client=ana, after_round__clinician=alice.user)


@pytest.mark.parametrize(
    "change",
    [{"sets": MAX_SETS}, {"reps": MAX_REPS}, {"hold_seconds": MAX_HOLD_SECONDS, "reps": 1}],
)
def test_every_dose_takes_the_same_tops(dosed, change):
    rows = type(dosed).objects.filter(pk=dosed.pk)
    rows.update(**change)
    assert rows.filter(**change).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"sets": 0},
        {"sets": MAX_SETS + 1},
        {"reps": MAX_REPS + 1},
        {"hold_seconds": MAX_HOLD_SECONDS + 1},
        {"hold_seconds": 30, "hold_to_fatigue": True},
    ],
)
def test_every_dose_refuses_the_same_slips(dosed, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(dosed).objects.filter(pk=dosed.pk).update(**change)


def test_treatment_in_a_visit_reads_its_dose_with_the_same_words(ana, alice):
    treatment = InterventionFactory(
        after_round__client=ana,
        after_round__clinician=alice.user,
        sets=2,
        reps=40,
        load="red cable",
    )
    assert treatment.dose_text == "2 × 40 reps · red cable"
