from django import forms

CODE_REQUIRED = "Type the code."


class CodeForm(forms.Form):
    """One code: 6 digits from the authenticator app, or (where allowed) a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": CODE_REQUIRED},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "inputmode": "text",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, label: str = "Code", help_text: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = label
        self.fields["code"].help_text = help_text

    def clean_code(self) -> str:
        # PostgreSQL stores no NUL character, and no code holds one.
        return self.cleaned_data["code"].replace("\x00", "")


class ClinicTwoFactorForm(forms.Form):
    """The owner's rule for the clinic: every member uses a second factor, or each chooses."""

    required = forms.TypedChoiceField(
        label="Second factor",
        choices=[("yes", "Required for every member"), ("no", "Each member chooses")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
