"""The owner's forms on the members page, and the clinic chooser's."""

from collections.abc import Sequence
from typing import cast

from django import forms

from clinic.member_services import UNKNOWN_ROLE
from clinic.models import (
    MAX_PROGRAMME_LINK_DAYS,
    MIN_PROGRAMME_LINK_DAYS,
    PROGRAMME_LINK_DAYS_RANGE,
    Membership,
    Role,
)

CHOOSE_ONE = "Choose one of your clinics."
PAGE_OUTDATED = "This page is out of date. Reload it and try again."


class MemberChangeForm(forms.Form):
    """A change to one member, carrying the version of the row the page showed."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "required": PAGE_OUTDATED,
            "invalid": PAGE_OUTDATED,
            "min_value": PAGE_OUTDATED,
            "max_value": PAGE_OUTDATED,
        },
    )


class MemberRoleForm(MemberChangeForm):
    role = forms.ChoiceField(
        choices=Role.choices,
        error_messages={"required": UNKNOWN_ROLE, "invalid_choice": UNKNOWN_ROLE},
    )


class ProgrammeLinkDaysForm(forms.Form):
    """How long the clinic's programme links last: the owner's setting."""

    programme_link_days = forms.IntegerField(
        label="Programme links last (days)",
        help_text=(
            "A client's link to their programme on their phone stops opening after this many "
            "days; a new one is printed on the handout. Applies to links made from now on."
        ),
        min_value=MIN_PROGRAMME_LINK_DAYS,
        max_value=MAX_PROGRAMME_LINK_DAYS,
        error_messages={
            "required": PROGRAMME_LINK_DAYS_RANGE,
            "invalid": PROGRAMME_LINK_DAYS_RANGE,
            "min_value": PROGRAMME_LINK_DAYS_RANGE,
            "max_value": PROGRAMME_LINK_DAYS_RANGE,
        },
    )


class ClinicChoiceForm(forms.Form):
    """Which of the user's active memberships to work in: one button per clinic."""

    membership = forms.TypedChoiceField(
        coerce=int, error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE}
    )

    def __init__(self, *args, memberships: Sequence[Membership], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {m.pk: m for m in memberships}
        field = cast("forms.TypedChoiceField", self.fields["membership"])
        field.choices = [(m.pk, m.clinic.name) for m in memberships]

    def clean_membership(self) -> Membership:
        return self.memberships[self.cleaned_data["membership"]]
