"""The rows a save sent again answers with (clinic/idempotency.py `saved_once`): when the
first copy was applied, the second applies nothing and answers "saved" with the row as it now
is, the form over the stored values at their version."""

from assessments.models import Assessment, AssessmentTest, Finding, Reflection


def finding_now(item: AssessmentTest, side: str) -> Finding | None:
    """The finding as stored; None when there is none or it was cleared, as a save says."""
    found = Finding.objects.filter(assessment=item.assessment, test=item.test, side=side).first()
    return None if found is None or found.is_empty else found


def reflection_now(round_: Assessment) -> Reflection:
    """The reflection as stored: there is one, since the edit sent before was applied."""
    return Reflection.objects.get(round=round_)
