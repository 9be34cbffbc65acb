"""Password rules of our own, beside Django's four (length, common list, numeric, similarity).

Each refuses a pattern that a guesser tries early and that the others let through: a password
that is only spaces, one character (or a short group) repeated, and a password built on the
name of the user's clinic or on the user's own name or email address. Their messages say what
to change, in plain words, and appear beside the password field.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

WHITESPACE_ONLY = "Your password cannot be only spaces."
REPEATED = "Your password cannot be one character or a short group of characters repeated."
CONTAINS_NAME = "Your password cannot contain {what}. Choose words that have nothing to do with it."
# Words shorter than this are too common inside other words to refuse ("ann" in "banner").
SHORTEST_WORD = 4
# A repetition of a unit this long or shorter: "aaaa…", "abab…", "abcabc…".
LONGEST_UNIT = 3
_REPEATED = re.compile(rf"(.{{1,{LONGEST_UNIT}}})\1+", re.DOTALL)
_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _squeezed(text: str) -> str:
    """Letters and digits only, folded: "North-Side Physio!" → "northsidephysio"."""
    return "".join(_WORD.findall(_fold(text)))


class WhitespaceOnlyValidator:
    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if password and not password.strip():
            raise ValidationError(WHITESPACE_ONLY, code="password_whitespace_only")

    def get_help_text(self) -> str:
        return "It cannot be only spaces."


class RepeatedCharacterValidator:
    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        # Spaces only has its own message.
        if password.strip() and _REPEATED.fullmatch(password):
            raise ValidationError(REPEATED, code="password_repeated")

    def get_help_text(self) -> str:
        return "It cannot be one character repeated."


def clinic_names(user: AbstractBaseUser | None) -> list[str]:
    """The names of the clinics the user belongs to, and of the one they are joining.

    A new account is validated before it is saved: the invitation's form sets
    `joining_clinic_names` on the unsaved user so that its clinic counts too.
    """
    if user is None:
        return []
    from clinic.models import Membership

    names = list(getattr(user, "joining_clinic_names", ()))
    if user.pk is not None:
        names += Membership.objects.filter(user_id=user.pk).values_list("clinic__name", flat=True)
    return names


def _personal_words(user: AbstractBaseUser) -> Iterable[str]:
    for field in ("first_name", "last_name"):
        yield from _WORD.findall(_fold(str(getattr(user, field, "") or "")))
    # The part of the address before the @ names the person; the domain names a provider or
    # the clinic (whose name has its own check) and is left to the similarity check.
    for field in ("username", "email"):
        local = _fold(str(getattr(user, field, "") or "")).partition("@")[0]
        yield from _WORD.findall(local)
        yield _squeezed(local)


class ClinicAndNameValidator:
    """Refuses a password that contains the name of the user's clinic (whole, or one of its
    words), or the user's name or the part of their email address before the @, ignoring case,
    spaces and punctuation: "Northside2025!!" at Northside Physio, "alice-secure-pass" for
    alice@…."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if user is None:
            return
        squeezed = _squeezed(password)
        for name in clinic_names(user):
            if self._contains(squeezed, [_squeezed(name), *_WORD.findall(_fold(name))]):
                raise ValidationError(
                    CONTAINS_NAME.format(what="your clinic's name"), code="password_clinic_name"
                )
        if self._contains(squeezed, _personal_words(user)):
            raise ValidationError(
                CONTAINS_NAME.format(what="your name or your email address"),
                code="password_personal_name",
            )

    @staticmethod
    def _contains(squeezed: str, words: Iterable[str]) -> bool:
        return any(len(word) >= SHORTEST_WORD and word in squeezed for word in words)

    def get_help_text(self) -> str:
        return "It cannot contain your clinic's name, your name or your email address."
