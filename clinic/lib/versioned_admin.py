"""The admin's change forms carry the version they were opened at, like the app's forms, so a
save there cannot silently overwrite a save made meanwhile (see clinic/lib/versions.py).

The admin is a tool for staff, not for clinical work: a stale save is refused with a message to
reload, never merged. The check runs under a row lock inside the transaction the admin opens
around every change form, so nothing can be saved between the check and the write; the write
itself bumps the version through the table's trigger.
"""

from django import forms
from django.core.exceptions import ValidationError

STALE_ADMIN_EDIT = (
    "Someone saved this record after you opened it. Nothing was saved: reload the page to see "
    "the record as it is now, then make your change again."
)


class VersionedAdminForm(forms.ModelForm):
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if self.instance.pk is not None:
            rows = type(self.instance)._default_manager.select_for_update()
            now = rows.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if cleaned.get("opened_version") != now:
                raise ValidationError(STALE_ADMIN_EDIT)
        return cleaned
