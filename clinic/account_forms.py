"""Forms of a person's own login: an owner's invitation, the invited person's new account, and
the password reset's email address. Django's own forms change and set passwords; ours add the
rules of clinic/password_validation.py through AUTH_PASSWORD_VALIDATORS."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordMixin
from django.contrib.auth.models import User
from django.db.models import Q

from clinic.lib.identity import MAX_LENGTH as IDENTITY_LENGTH
from clinic.lib.identity import normalise_identity
from clinic.models import Invitation, Role

EMAIL_INVALID = "Enter an email address such as name@example.org."
NAME_REQUIRED = "Enter your name as your colleagues know it."
NAME_LENGTH = 150


class IdentityEmailField(forms.EmailField):
    """An email address in the form logins are keyed on (clinic/lib/identity.py), normalised
    before it is checked, so "Ｏwner@Example.org" is owner@example.org. A NUL character or an
    address too long is left as typed, for the field's own checks to refuse with a message."""

    def to_python(self, value: object) -> str:
        text = super().to_python(value) or ""
        if "\x00" in text or len(text) > IDENTITY_LENGTH:
            return text
        return normalise_identity(text)


class InvitationForm(forms.Form):
    email = IdentityEmailField(
        label="Email address",
        max_length=254,
        error_messages={"invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        help_text="The link we send there works once, for a few days.",
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        initial=Role.CLINICIAN,
        widget=forms.RadioSelect,
        help_text="Read-only members see records but change nothing; owners also manage members.",
    )


class NewMemberForm(SetPasswordMixin, forms.Form):
    """The invited person's name and password, checked against every password rule with the
    account as it will be (its address, its name, the clinic it joins)."""

    name = forms.CharField(
        label="Your name",
        max_length=NAME_LENGTH,
        error_messages={"required": NAME_REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Password", label2="The same password again"
    )

    def __init__(self, *args, invitation: Invitation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(NAME_REQUIRED)
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validate_passwords()
        account = get_user_model()(
            username=self.invitation.email,
            email=self.invitation.email,
            first_name=cleaned.get("name", ""),
        )
        account.joining_clinic_names = [self.invitation.clinic.name]  # type: ignore[attr-defined]
        # The rules' messages go beside the first field, where the password is typed.
        self.validate_password_for_user(account, password_field_name="password1")  # noqa: S106
        return cleaned


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, finding the account by its normalised login as well as its email."""

    email = IdentityEmailField(
        label="Email address",
        max_length=254,
        error_messages={"invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )

    def get_users(self, email: str) -> Iterator[User]:
        identity = normalise_identity(email)
        users = (
            get_user_model()
            ._default_manager.filter(Q(username=identity) | Q(email__iexact=identity))
            .filter(is_active=True)
            .exclude(email="")
        )
        return (user for user in users if user.has_usable_password())
