"""The form's side of `clinic.lib.versions`: a form that carries the version it was opened at and
the values it showed, turns a post into an `Edit`, and explains a refused or merged save.

Each tracked field's opening value travels in a hidden `initial-<name>` input, the name Django
gives it for `show_hidden_initial`. A full-page form lets Django render it beside the field; an
htmx row renders them itself (`seen_inputs`), in one region it swaps back after every save.
After a save or a refusal the form is shown again over the row as it now is (`rebase`): what the
user typed stays in the inputs, the version and the opening values underneath move on.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from clinic.lib.units import plain_number
from clinic.lib.versions import VERSION, Current, Edit, Saved, StaleEdit, same

KEEP_MINE, KEEP_THEIRS = "mine", "theirs"
# A row's refusal sends back which fields conflicted, and the row's choice for all of them.
RESOLVE, CONFLICTS = "resolve", "conflicts"
EMPTY = "(empty)"
# Who saved a record last, mid-sentence. Without its history (who changed which field), a
# message names the last saver only as that: "last saved by", never "changed by".
SOMEONE = "someone"
YOU_ELSEWHERE = "you in another tab or window"


def track_edits(
    form: forms.BaseForm,
    *,
    fields: Sequence[str],
    version: int | None = None,
    hidden_initial: bool = True,
) -> None:
    """Make `form` carry its version and, for each of `fields`, the value it was opened with.

    With `hidden_initial` Django renders each opening value beside its field; without it the
    template renders them where it wants with `seen_inputs`.
    """
    form.fields[VERSION] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, initial=version
    )
    for name in fields:
        form.fields[name].show_hidden_initial = hidden_initial
    form.tracked_fields = tuple(fields)  # type: ignore[attr-defined]


def _tracked(form: forms.BaseForm) -> tuple[str, ...]:
    return form.tracked_fields  # type: ignore[attr-defined]


def _seen_value(form: forms.BaseForm, name: str) -> Any:
    """The value a field showed when the form was opened, from its hidden input."""
    field = form.fields[name]
    raw = field.hidden_widget().value_from_datadict(
        form.data, form.files, form.add_initial_prefix(name)
    )
    # A related row compares by its key (see versions.plain): no query to load it.
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(item) for item in raw or []]
    if isinstance(field, forms.ModelChoiceField):
        return raw or None
    try:
        value = field.to_python(raw)
        if isinstance(field, forms.TypedChoiceField | forms.TypedMultipleChoiceField):
            value = field._coerce(value)  # type: ignore[union-attr]
    except ValidationError:
        # A mangled opening value matches nothing, so the field counts as changed by both.
        return _UNREADABLE
    return value


class _Unreadable:
    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


_UNREADABLE = _Unreadable()


def edit_of(form: forms.BaseForm) -> Edit:
    """The save a valid bound form asks for.

    A field the user gives back to a colleague is sent as it was opened, so that it stays as the
    colleague left it: one whose keep choice is theirs (`keep_key`), or, when the form's resolve
    choice is theirs, each field its refusal named (`CONFLICTS`).
    """
    seen = {name: _seen_value(form, name) for name in _tracked(form)}
    mine = {name: form.cleaned_data[name] for name in _tracked(form)}
    theirs = set()
    if form.data.get(form.add_prefix(RESOLVE)) == KEEP_THEIRS:
        theirs = set(_getlist(form.data, form.add_prefix(CONFLICTS)))
    for name in _tracked(form):
        if name in theirs or form.data.get(keep_key(form, name)) == KEEP_THEIRS:
            mine[name] = seen[name]
    return Edit(version=form.cleaned_data.get(VERSION) or 0, mine=mine, seen=seen)


def _getlist(data: Any, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key)
    return value if isinstance(value, list) else [] if value is None else [value]


def keep_key(form: forms.BaseForm, name: str) -> str:
    return f"{form.add_prefix(name)}-keep"


def _hidden_data(field: forms.Field, value: Any) -> list[str]:
    prepared = field.prepare_value(value)
    if not isinstance(prepared, list | tuple):
        prepared = [prepared]
    return ["" if item is None else _text(item) for item in prepared]


def _input_data(field: forms.Field, value: Any) -> list[str]:
    """What a browser would send for `value` from the field's own input."""
    widget = field.widget
    prepared = field.prepare_value(value)
    if isinstance(widget, forms.CheckboxInput):
        return ["true" if prepared else "false"]
    if isinstance(prepared, Decimal):
        prepared = plain_number(prepared)
    formatted = widget.format_value(prepared)
    if formatted is None:
        return [""]
    return [_text(item) for item in formatted] if isinstance(formatted, list) else [formatted]


def _text(item: Any) -> str:
    return plain_number(item) if isinstance(item, Decimal) else str(item)


def rebase(
    form: forms.BaseForm,
    *,
    version: int,
    values: Mapping[str, Any],
    adopt: Iterable[str] = (),
) -> QueryDict:
    """The form's data again, over the row at `version` with `values`: the version and the
    opening values become the row's and the keep choices go; the inputs keep what was typed,
    except the `adopt` fields, which take the row's value too (a colleague's change that a merge
    kept, a field given back to them)."""
    data = QueryDict(mutable=True)
    if isinstance(form.data, QueryDict):
        data = form.data.copy()
    else:
        for key, value in form.data.items():
            data.setlist(key, value if isinstance(value, list) else [value])
    data[form.add_prefix(VERSION)] = str(version)
    for key in (RESOLVE, CONFLICTS):
        data.pop(form.add_prefix(key), None)
    adopted = set(adopt)
    for name, value in values.items():
        if name not in _tracked(form):
            continue
        field = form.fields[name]
        data.setlist(form.add_initial_prefix(name), _hidden_data(field, value))
        data.pop(keep_key(form, name), None)
        if name in adopted:
            data.setlist(form.add_prefix(name), _input_data(field, value))
    return data


def differing(form: forms.BaseForm, values: Mapping[str, Any]) -> tuple[str, ...]:
    """The tracked fields whose saved value is not what the form's inputs hold."""
    return tuple(
        name
        for name in _tracked(form)
        if name in values and not same(form.cleaned_data.get(name), values[name])
    )


def seen_inputs(form: forms.BaseForm) -> SafeString:
    """The hidden version and opening values of a form whose template places them itself.

    Written out directly rather than through Django's widget templates: an entry page has a
    row per test and side, and each would otherwise render a template per hidden input.
    """
    version_key = form.add_prefix(VERSION)
    if form.is_bound and version_key in form.data:
        version = form.data.get(version_key) or ""
    else:
        initial = form.fields[VERSION].initial
        version = "" if initial is None else str(initial)
    inputs = [(version_key, version)]
    for name in _tracked(form):
        key = form.add_initial_prefix(name)
        if form.is_bound and key in form.data:
            values = _getlist(form.data, key)
        else:
            values = _hidden_data(form.fields[name], form[name].initial)
        inputs += [(key, value) for value in values]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', inputs)


# In words: what a colleague changed, who, and when.


def shown(field: forms.Field, value: Any) -> str:
    """A field's value as the form would show it, in a sentence: a choice by its label."""
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        labels = {str(key): str(label) for key, label in choices}
        if isinstance(value, list | tuple):
            return ", ".join(labels.get(str(item), str(item)) for item in value)
        return labels.get(str(value), str(value))
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if isinstance(value, Decimal | int | float):
        return plain_number(value)
    if isinstance(value, Model):
        return str(value)
    return str(value).replace("\r\n", "\n").strip()


def who_saved(current: Current, *, user: Any) -> str:
    saver = getattr(current.row, "updated_by", None)
    if saver is None:
        return SOMEONE
    if user is not None and saver.pk == getattr(user, "pk", None):
        return YOU_ELSEWHERE
    return saver.get_full_name() or saver.get_username()


def when_saved(current: Current) -> str:
    at = getattr(current.row, "updated_at", None)
    if at is None:
        return ""
    local = timezone.localtime(at)
    if local.date() == timezone.localdate():
        return f"at {date_format(local, 'H:i')}"
    return f"on {date_format(local, 'j M Y')} at {date_format(local, 'H:i')}"


def saved_by(current: Current, *, user: Any) -> str:
    """ "by Dana Reyes at 10:42": who saved the record last, and when, as far as known."""
    when = when_saved(current)
    return f"by {who_saved(current, user=user)}{' ' + when if when else ''}"


def conflict_message(
    form: forms.BaseForm, stale: StaleEdit, edit: Edit, name: str, *, user: Any
) -> str:
    """One conflicting field, beside it: its value now, its value when the form was opened,
    and who saved the record last, and when."""
    field = form.fields[name]
    was = f" (it was “{shown(field, edit.seen[name])}”)" if edit.seen is not None else ""
    last = f"last saved {saved_by(stale.current, user=user)}"
    if stale.current.version == 0 or getattr(stale.current.row, "cleared_at", None):
        return f"Cleared since you opened it{was}; {last}."
    now = shown(field, stale.current.values[name])
    return f"Changed to “{now}” since you opened it{was}; {last}."


def refuse(form: forms.BaseForm, stale: StaleEdit, edit: Edit, *, user: Any) -> dict[str, Any]:
    """Put each conflict beside its field as an error, and describe the refusal for the form's
    template: who saved, when, and per conflicting field the user's value and the colleague's,
    in words, with the name of its keep-mine-or-theirs choice.

    `form` is bound to the rebased data (see `rebase`) and validated, so that saving it again
    replaces only the fields the user chooses to keep.
    """
    fields = []
    for name in stale.conflicts:
        field = form.fields[name]
        fields.append(
            {
                "name": name,
                "label": field.label or name,
                "key": keep_key(form, name),
                "mine": shown(field, edit.mine[name]),
                "theirs": shown(field, stale.current.values[name]),
            }
        )
        form.add_error(name, conflict_message(form, stale, edit, name, user=user))
    return {"by": saved_by(stale.current, user=user), "fields": fields}


def merged_message(form: forms.BaseForm, saved: Saved, *, user: Any) -> str:
    """After a merge: which fields, changed meanwhile, were kept beside the user's changes."""
    labels = ", ".join(str(form.fields[name].label or name).lower() for name in saved.kept)
    last = f"last saved {saved_by(saved.current, user=user)}" if saved.current else ""
    return f"Saved, keeping the {labels} as changed meanwhile ({last})."
