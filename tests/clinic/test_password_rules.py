"""The password rules (T08, the password policy matrix): Django's length, common-list, numeric
and similarity checks with ours for spaces only, repeated characters and names. Each row is a
password, who sets it, and whether it is accepted."""

import random
import unicodedata

import pytest
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient

from clinic.models import Role
from tests.factories import invited

ACCEPTED, REFUSED = True, False
MATRIX = [
    # (what the row checks, password, accepted)
    ("7 characters", "qz#4Lp!", REFUSED),
    ("11 characters", "qz#4Lp!wK9m", REFUSED),
    ("12 characters, the minimum", "qz#4Lp!wK9mT", ACCEPTED),
    ("64 characters", "plum " * 12 + "tide", ACCEPTED),
    ("128 characters", ("orbit lantern " * 10)[:124] + "fern", ACCEPTED),
    ("no digits or symbols", "quietmeadowlantern", ACCEPTED),
    ("no digits or symbols, with spaces", "quiet meadow lantern", ACCEPTED),
    ("only digits", "483920174652", REFUSED),
    ("one repeated character", "aaaaaaaaaaaa", REFUSED),
    ("one repeated symbol", "############", REFUSED),
    ("a short group repeated", "abcabcabcabc", REFUSED),
    ("twelve spaces", " " * 12, REFUSED),
    ("tabs and newlines only", "\t\n\t\n\t\n\t\n\t\n\t\n", REFUSED),
    ("the clinic's name", "Northside Physio!", REFUSED),
    ("one word of the clinic's name", "love-northside-2025", REFUSED),
    ("the clinic's name spaced out", "N o r t h s i d e 7 7", REFUSED),
    ("the user's first name", "xx-Priyanka-rules-xx", REFUSED),
    ("the user's last name", "teamokonkwo2025", REFUSED),
    ("the email's local part", "pokonkwo-secret!", REFUSED),
    ("pasted Unicode", "Überprüfung ☕ 東京 naïve ﬁnal", ACCEPTED),
    ("emoji only", "🌊🌲🔥🌙🍀⭐🎈🧭🪁🦉🐝🌵", ACCEPTED),
]


@pytest.fixture
def member(northside):
    from tests.factories import MembershipFactory

    return MembershipFactory(
        clinic=northside,
        role=Role.CLINICIAN,
        user__username="pokonkwo@northside.example",
        user__first_name="Priyanka",
        user__last_name="Okonkwo",
    ).user


@pytest.mark.parametrize(
    ("password", "accepted"),
    [pytest.param(password, accepted, id=what) for what, password, accepted in MATRIX],
)
def test_the_password_policy_matrix(member, password, accepted):
    try:
        validate_password(password, member)
    except ValidationError as error:
        assert not accepted, f"refused: {error.messages}"
    else:
        assert accepted, "accepted"


def test_two_hundred_passwords_from_djangos_common_list_are_all_refused(member):
    common = sorted(CommonPasswordValidator().passwords)
    sample = random.Random(13).sample(common, 200)  # noqa: S311 (a fixed sample, not a secret)
    refused = 0
    for password in sample:
        with pytest.raises(ValidationError):
            validate_password(password, member)
        refused += 1
    assert refused == 200


def test_long_common_passwords_are_refused_by_the_common_list_not_only_by_length(member):
    long_common = [p for p in CommonPasswordValidator().passwords if len(p) >= 12][:50]
    assert len(long_common) == 50
    for password in long_common:
        with pytest.raises(ValidationError):
            validate_password(password, member)


def test_pasted_unicode_is_stored_unchanged(northside):
    """The hash verifies the very string typed, not a normalised form of it."""
    password = "ﬁnal Ｆｕｌｌ-width café ☕ Straße"
    _, token = invited(clinic=northside, email="unicode@example.org")
    http = HttpClient()
    response = http.post(
        f"/accounts/invite/{token}/",
        {"name": "Uma", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    user = response.wsgi_request.user
    user.refresh_from_db()
    assert user.check_password(password)
    assert not user.check_password(unicodedata.normalize("NFKC", password))


def test_a_password_with_surrounding_spaces_keeps_them(member):
    validate_password("  quiet meadow lantern  ", member)
    member.set_password("  quiet meadow lantern  ")
    assert not member.check_password("quiet meadow lantern")


def test_the_rules_are_explained_beside_the_new_password(northside):
    texts = password_validators_help_texts()
    assert "It cannot be only spaces." in texts
    assert "It cannot contain your clinic's name, your name or your email address." in texts
    _, token = invited(clinic=northside)
    page = HttpClient().get(f"/accounts/invite/{token}/").content.decode()
    assert "at least 12 characters" in page
    assert "one character repeated" in page


def test_a_new_logins_name_and_clinic_count_before_it_exists(northside):
    _, token = invited(clinic=northside, email="zed@example.org")
    response = HttpClient().post(
        f"/accounts/invite/{token}/",
        {
            "name": "Zebedee Quartermain",
            "password1": "quartermain!!77",
            "password2": "quartermain!!77",
        },
    )
    assert response.status_code == 200
    assert b"your name or your email address" in response.content
