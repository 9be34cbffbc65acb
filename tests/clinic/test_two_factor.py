"""The second factor: setting it up, passing it after the password, replayed and old codes,
the throttle on wrong codes, recovery codes and removing the authenticator (checklist T10)."""

import datetime
import re
from base64 import b32encode

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import AuthEvent, AuthEventKind, AuthOutcome
from clinic.two_factor import services
from tests.factories import TEST_PASSWORD, totp_code

SETUP = "/account/two-factor/setup/"
VERIFY = "/account/two-factor/verify/"
SECURITY = "/account/security/"
REGENERATE = "/account/two-factor/recovery-codes/"
REMOVE = "/account/two-factor/remove/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
RECOVERY = ["abcdefgh", "ijklmnop", "qrstuvwx"]


def password_only(user) -> HttpClient:
    """A browser past the password and not (yet) past the second factor."""
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def device(alice) -> TOTPDevice:
    """Alice's authenticator app, set up, with three recovery codes left."""
    recovery = StaticDevice.objects.create(user=alice.user, name="Recovery codes")
    for code in RECOVERY:
        StaticToken.objects.create(device=recovery, token=code)
    return TOTPDevice.objects.create(user=alice.user, name="Authenticator app", confirmed=True)


def events(user, kind: AuthEventKind) -> list[AuthEvent]:
    return list(AuthEvent.objects.filter(user=user, kind=kind).order_by("id"))


def codes_on(page: str) -> list[str]:
    return [
        c.replace(" ", "") for c in re.findall(r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code>", page)
    ]


# Setting it up


def test_a_member_whose_clinic_requires_it_is_asked_to_set_it_up_after_the_password(alice):
    http = HttpClient()
    login = http.post(
        "/accounts/login/", {"username": alice.user.username, "password": TEST_PASSWORD}
    )
    assert login.status_code == 302
    response = http.get(login["Location"])
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=/"


def test_the_setup_page_draws_its_qr_code_itself_and_shows_the_key_to_type(alice):
    http = password_only(alice.user)
    page = http.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=alice.user, confirmed=False)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert '<svg role="img" viewBox=' in page
    assert "<title>QR code for your authenticator app</title>" in page
    # Nothing from another host: no image service, no <img> that could be one.
    assert "<img" not in page and "http" not in page.split("<main", 1)[1]
    typed = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert typed.replace(" ", "") == secret
    # Reloading keeps the same secret, so a scan made before the reload still works.
    assert http.get(SETUP).content.decode().count(typed) == 1
    assert TOTPDevice.objects.filter(user=alice.user).count() == 1


def test_confirming_with_the_apps_code_turns_it_on_and_shows_ten_recovery_codes_once(alice, ana):
    http = password_only(alice.user)
    http.get(f"{SETUP}?next=/clients/{ana.pk}/")
    device = TOTPDevice.objects.get(user=alice.user)
    response = http.post(SETUP, {"code": totp_code(device), "next": f"/clients/{ana.pk}/"})
    assert response.status_code == 200
    page = response.content.decode()
    codes = codes_on(page)
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=alice.user).values_list("token", flat=True)
    )
    assert "only time they are shown" in page and "Print" in page
    assert f'href="/clients/{ana.pk}/"' in page
    device.refresh_from_db()
    assert device.confirmed
    assert len(events(alice.user, AuthEventKind.SECOND_FACTOR_ADDED)) == 1
    assert len(events(alice.user, AuthEventKind.RECOVERY_CODES_ISSUED)) == 1
    # The session is past the second factor, and the codes are shown nowhere else.
    assert http.get(f"/clients/{ana.pk}/").status_code == 200
    security = http.get(SECURITY).content.decode()
    assert "10 recovery codes left" in security
    assert not any(code in security for code in codes)


def test_a_wrong_code_at_setup_is_refused_beside_the_field(alice):
    http = password_only(alice.user)
    http.get(SETUP)
    response = http.post(SETUP, {"code": "12345x"})
    assert response.status_code == 200
    assert services.NOT_A_CODE in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=alice.user, confirmed=True).exists()


def test_someone_with_only_the_password_cannot_add_an_authenticator_of_their_own(alice, device):
    http = password_only(alice.user)
    assert http.get(SETUP)["Location"].startswith(VERIFY)
    assert http.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=alice.user)) == [device]


# Passing it after the password


def test_the_apps_code_after_the_password_opens_the_page_asked_for(alice, device, ana):
    http = password_only(alice.user)
    asked = http.get(f"/clients/{ana.pk}/")
    assert asked.status_code == 302
    assert asked["Location"] == f"{VERIFY}?next=/clients/{ana.pk}/"
    assert http.get(asked["Location"]).status_code == 200
    response = http.post(VERIFY, {"code": totp_code(device), "next": f"/clients/{ana.pk}/"})
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{ana.pk}/"
    assert http.get(f"/clients/{ana.pk}/").status_code == 200
    [passed] = events(alice.user, AuthEventKind.SECOND_FACTOR_PASSED)
    assert passed.outcome == AuthOutcome.SUCCESS


def test_passing_it_gives_the_session_a_new_key(alice, device):
    http = password_only(alice.user)
    before = http.session.session_key
    http.post(VERIFY, {"code": totp_code(device)})
    assert http.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_the_verify_page_sends_nowhere_but_this_site(alice, device):
    http = password_only(alice.user)
    response = http.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_used_code_is_refused_the_second_time(alice, device):
    """T10: a replayed code is rejected, even from another browser."""
    code = totp_code(device)
    with time_machine.travel(timezone.now(), tick=False):
        assert password_only(alice.user).post(VERIFY, {"code": code}).status_code == 302
        replay = password_only(alice.user).post(VERIFY, {"code": code})
    assert replay.status_code == 200
    assert services.WRONG_CODE in replay.content.decode()


def test_a_code_two_steps_old_or_ahead_is_refused_and_one_step_either_side_is_accepted(
    alice, device
):
    """T10: codes outside one 30-second step either side are rejected."""
    with time_machine.travel(START, tick=False) as clock:
        for steps in (2, -2, 10):
            refused = password_only(alice.user).post(
                VERIFY, {"code": totp_code(device, steps_ago=steps)}
            )
            assert refused.status_code in {200, 429}, steps
            clock.shift(120)  # past any wait the wrong code earned
        assert (
            password_only(alice.user)
            .post(VERIFY, {"code": totp_code(device, steps_ago=1)})
            .status_code
            == 302
        )
        clock.shift(90)
        assert (
            password_only(alice.user)
            .post(VERIFY, {"code": totp_code(device, steps_ago=-1)})
            .status_code
            == 302
        )


def test_a_wrong_code_earns_a_wait_said_in_plain_words(alice, device):
    http = password_only(alice.user)
    with time_machine.travel(START, tick=False) as clock:
        assert http.post(VERIFY, {"code": "000000"}).status_code == 200
        clock.shift(1)
        assert http.post(VERIFY, {"code": "111111"}).status_code == 200
        # Two wrong codes in a row: the next is not even looked at for two seconds.
        waiting = http.post(VERIFY, {"code": totp_code(device)})
        assert waiting.status_code == 429
        assert "Too many wrong codes. Wait 2 seconds, then type the newest code." in (
            waiting.content.decode()
        )
        clock.shift(2)
        assert http.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    kinds = [(e.outcome, e.detail) for e in events(alice.user, AuthEventKind.SECOND_FACTOR_FAILED)]
    assert kinds == [
        (AuthOutcome.FAILURE, "wrong code"),
        (AuthOutcome.FAILURE, "wrong code"),
        (AuthOutcome.REFUSED, "throttled"),
    ]


def test_a_hundred_wrong_codes_sent_at_once_have_only_the_first_looked_at(alice, device):
    """T10: send 100 wrong codes; they are rate-limited."""
    http = password_only(alice.user)
    with time_machine.travel(START, tick=False):
        statuses = [http.post(VERIFY, {"code": f"{n:06d}"}).status_code for n in range(100)]
    assert statuses == [200] + [429] * 99
    failed = AuthEvent.objects.filter(user=alice.user, outcome=AuthOutcome.FAILURE)
    assert failed.count() == 1


def request_from(user):
    request = RequestFactory().post(VERIFY)
    request.user = user
    return request


def test_at_most_96_wrong_codes_are_tried_in_a_day_whichever_code_is_guessed(alice, device):
    """T10: at most 96 wrong codes in 24 hours, even alternating the authenticator's codes and
    recovery codes, whose throttles are apart, each tried as soon as its wait allows."""
    looked_at = []
    with time_machine.travel(START, tick=False) as clock:
        for n in range(100):
            guess = f"{n:06d}" if n % 2 else "zzzzzzz" + "234567"[n % 6]
            check = services.code_check(
                request=request_from(alice.user), user=alice.user, typed=guess
            )
            looked_at.append(not check.wait)
            clock.shift(8 * 60 + 32)  # 512 s: each device's own wait stays under its 1024 s cap
        assert sum(looked_at) == 96
        assert looked_at[-4:] == [False] * 4
        last = services.code_check(
            request=request_from(alice.user), user=alice.user, typed="999999"
        )
        assert "Too many wrong codes today" in last.error
        # A day after the first wrong code, codes are looked at again.
        clock.move_to(START + datetime.timedelta(hours=24, minutes=1))
        check = services.code_check(
            request=request_from(alice.user), user=alice.user, typed=totp_code(device)
        )
        assert check.passed
    assert AuthEvent.objects.filter(user=alice.user, outcome=AuthOutcome.FAILURE).count() == 96


def test_the_wait_after_wrong_codes_never_grows_past_17_minutes(alice, device):
    """Someone who has only the password can slow the member down, not lock them out for good."""
    waits = []
    with time_machine.travel(START, tick=False) as clock:
        for n in range(20):
            check = services.code_check(
                request=request_from(alice.user), user=alice.user, typed=f"{n:06d}"
            )
            assert not check.wait  # each wrong code was looked at, after the wait before it
            device.refresh_from_db()
            _, why = device.verify_is_allowed()
            waits.append((why["locked_until"] - timezone.now()).total_seconds())
            clock.move_to(why["locked_until"])
    assert waits[:11] == [2**n for n in range(11)]
    assert waits[11:] == [1024] * 9


# Recovery codes


def test_a_recovery_code_opens_the_session_once(alice, device):
    http = password_only(alice.user)
    assert http.post(VERIFY, {"code": "ABCD-EFGH"}).status_code == 302
    assert http.get("/").status_code == 200
    [used] = events(alice.user, AuthEventKind.RECOVERY_CODE_USED)
    assert used.detail == "2 recovery codes left"
    again = password_only(alice.user).post(VERIFY, {"code": "abcdefgh"})
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=alice.user).count() == 2


def test_new_recovery_codes_replace_the_old_ones(alice, device, alice_http):
    response = alice_http.post(REGENERATE)
    assert response.status_code == 200
    new = codes_on(response.content.decode())
    assert len(new) == 10 and not set(new) & set(RECOVERY)
    with time_machine.travel(START, tick=False) as clock:
        assert password_only(alice.user).post(VERIFY, {"code": RECOVERY[0]}).status_code == 200
        clock.shift(1)
        assert password_only(alice.user).post(VERIFY, {"code": new[0]}).status_code == 302
    assert len(events(alice.user, AuthEventKind.RECOVERY_CODES_ISSUED)) == 1


# Sessions


def test_a_password_login_starts_unverified_even_over_a_verified_session(alice_http, alice):
    assert alice_http.get("/").status_code == 200
    alice_http.login(username=alice.user.username, password=TEST_PASSWORD)
    response = alice_http.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_removing_the_authenticator_takes_a_fresh_code_and_signs_out_everywhere_else(alice, device):
    here, elsewhere = password_only(alice.user), password_only(alice.user)
    here.post(VERIFY, {"code": "abcdefgh"})
    elsewhere.post(VERIFY, {"code": "ijklmnop"})
    assert elsewhere.get("/").status_code == 200

    with time_machine.travel(START, tick=False) as clock:
        wrong = here.post(REMOVE, {"code": "000000"})
        assert wrong.status_code == 200
        assert services.WRONG_CODE in wrong.content.decode()
        assert TOTPDevice.objects.filter(user=alice.user).exists()
        clock.shift(1)
        removed = here.post(REMOVE, {"code": totp_code(device)})
        assert removed.status_code == 302
        assert not TOTPDevice.objects.filter(user=alice.user).exists()
        assert not StaticDevice.objects.filter(user=alice.user).exists()
        # The other browser is signed out; this one, whose clinic requires a factor, sets one up.
        assert elsewhere.get("/")["Location"].startswith("/accounts/login/")
        assert here.get("/")["Location"].startswith(SETUP)
        [event] = events(alice.user, AuthEventKind.SECOND_FACTOR_REMOVED)
        assert event.detail == "1 other session ended"
        assert Session.objects.count() == 1


def test_a_session_from_before_the_removal_is_not_trusted(alice, device):
    """The mark a verified session holds names the device; without the device, the session
    must not go on as verified somewhere the removal did not reach."""
    http = password_only(alice.user)
    http.post(VERIFY, {"code": totp_code(device)})
    assert http.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    ended = services.sessions_end(user=alice.user)
    assert ended == 1
    assert http.get("/")["Location"].startswith("/accounts/login/")


def test_the_security_page_says_whether_the_factor_is_on(alice_http, bob):
    page = alice_http.get(SECURITY).content.decode()
    assert "On: an authenticator app" in page
    http = password_only(bob.user)
    bob.clinic.two_factor_required = False
    bob.clinic.save()
    page = http.get(SECURITY).content.decode()
    assert "Off: only your password protects your login." in page
