"""The form the client's phone page posts for each exercise: one logged session."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone

from exercises.dose import MAX_SETS
from exercises.models import MAX_COMMENT_LENGTH, SessionOutcome
from exercises.models.home import EFFORT_RANGE, PAIN_RANGE, SETS_DONE_RANGE

CHOOSE_OUTCOME = "Choose done, partly or not today."


def _scale(label: str, top: int, message: str) -> forms.IntegerField:
    errors = {"min_value": message, "max_value": message, "invalid": message}
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=top,
        error_messages=errors,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class SessionLogForm(forms.Form):
    # Made by the page (the server when it renders the form, the phone when it queues a log),
    # so the same log sent twice is stored once.
    entry_id = forms.UUIDField(widget=forms.HiddenInput)
    prescription = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    performed_on = forms.DateField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="How did it go?",
        choices=SessionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_OUTCOME, "invalid_choice": CHOOSE_OUTCOME},
    )
    sets_done = _scale("Sets done", MAX_SETS, SETS_DONE_RANGE)
    pain = _scale("Pain during it, 0 (none) to 10 (worst)", 10, PAIN_RANGE)
    effort = _scale("Effort, 0 (nothing at all) to 10 (as hard as you can)", 10, EFFORT_RANGE)
    comment = forms.CharField(
        label="Anything to tell your physio? (optional)",
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[ProhibitNullCharactersValidator()],
    )

    def __init__(self, *args, prescription_id: int, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"log-{prescription_id}-%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("prescription", prescription_id)
            self.initial.setdefault("performed_on", timezone.localdate())
