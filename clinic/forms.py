import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from clinic.lib.versioned_forms import track_edits
from clinic.models import EARLIEST_BIRTH_DATE, AuthEventKind, Client, ClientStatus
from clinic.selectors import ARCHIVED
from clinic.services import CLIENT_DETAILS

BIRTH_IN_FUTURE = "The date of birth cannot be in the future."
BIRTH_TOO_EARLY = "That date of birth gives an age over 120; check the year."
PHONE_INVALID = "Use digits, spaces and + ( ) - only."
NAME_REQUIRED = "Enter the client's name."
MAX_AGE_YEARS = 120
PHONE_PATTERN = re.compile(r"^[0-9+()\-.\s]{3,40}$")

EDITABLE_FIELDS = CLIENT_DETAILS


class ClientForm(forms.ModelForm):
    """A client's details. To edit them, the form also carries the version it was opened at and
    each field's opening value, so that a stale save merges or says what someone else changed
    (see clinic/lib/versioned_forms.py)."""

    class Meta:
        model = Client
        fields = EDITABLE_FIELDS
        labels = {"presenting_complaint": "Presenting complaint(s)", "phone": "Phone"}
        help_texts = {"presenting_complaint": "What brings them in: one per line if several."}
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "presenting_complaint": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        error_messages = {"name": {"required": NAME_REQUIRED}}

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            track_edits(self, fields=EDITABLE_FIELDS, version=self.instance.version)
        self.fields["date_of_birth"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["date_of_birth"].widget.attrs["min"] = EARLIEST_BIRTH_DATE.isoformat()

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(NAME_REQUIRED)
        return name

    def clean_date_of_birth(self) -> datetime.date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return None
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(BIRTH_IN_FUTURE)
        if born < max(EARLIEST_BIRTH_DATE, today.replace(year=today.year - MAX_AGE_YEARS)):
            raise forms.ValidationError(BIRTH_TOO_EARLY)
        return born

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(PHONE_INVALID)
        return phone

    @property
    def changes(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


STATUS_CHOICES = [
    (ClientStatus.ACTIVE.value, "Active"),
    (ClientStatus.DISCHARGED.value, "Discharged"),
    (ARCHIVED, "Archived"),
]


class ClientFilterForm(forms.Form):
    """The list's filters. A bad value falls back to the default rather than failing."""

    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    page = forms.IntegerField(min_value=1, required=False)
    q = forms.CharField(max_length=100, required=False, strip=True)

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or ClientStatus.ACTIVE.value

    @property
    def values(self) -> dict[str, object]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or ClientStatus.ACTIVE.value,
            "page": data.get("page") or 1,
            "q": data.get("q") or "",
        }


class AccessFilterForm(forms.Form):
    """The access audit's filters, from the query string. A bad value means no filter."""

    client = forms.IntegerField(min_value=1, required=False)
    member = forms.IntegerField(min_value=1, required=False)
    # Keyset paging: the rows older than this one.
    before = forms.IntegerField(min_value=1, required=False)

    @property
    def values(self) -> dict[str, int | None]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("client", "member", "before")}


DATES_REVERSED = "The first day must not be after the last."


class LoginAuditFilterForm(forms.Form):
    """The sign-in audit's filters, from the query string. A member or page that is not a
    number means no filter; a kind or a day that cannot be read is said beside its field."""

    member = forms.IntegerField(min_value=1, required=False)
    kind = forms.ChoiceField(
        choices=[("", "Every kind"), *AuthEventKind.choices], required=False, label="What"
    )
    since = forms.DateField(required=False, label="From", widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput({"type": "date"}))
    before = forms.IntegerField(min_value=1, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", DATES_REVERSED)
        return data

    @property
    def values(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: data.get(name) if name not in self.errors else None
            for name in ("member", "kind", "since", "until", "before")
        }

    @property
    def shown_errors(self) -> dict[str, str]:
        """The errors worth telling: a bad member or page number is silently no filter."""
        return {
            name: " ".join(str(error) for error in errors)
            for name, errors in self.errors.items()
            if name in {"kind", "since", "until"}
        }
