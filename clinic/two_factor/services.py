"""Setting up, passing and removing the second factor, and the clinic's rule; each audited."""

import datetime
import math
import re
from dataclasses import dataclass

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.auth_audit import record_auth_event
from clinic.models import AuthEvent, AuthEventKind, AuthOutcome, Clinic, Membership

RECOVERY_CODE_COUNT = 10
# A day holds at most this many wrong codes for one user, whichever device they were typed for
# (security checklist T10: at most 96 in 24 hours).
WRONG_CODES_PER_DAY = 96
DAY = datetime.timedelta(hours=24)
# django-otp doubles the wait after each wrong code in a row (1, 2, 4 … seconds). Past this many
# the wait stays at 2**(n-1) = 1024 seconds, so someone who knows only the password can keep a
# member waiting 17 minutes between tries, and at worst a day, not for months.
LONGEST_RUN = 11

TOTP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")

NOT_A_CODE = "Type the 6-digit code from your authenticator app, or one of your recovery codes."
WRONG_CODE = "That code is not right, or it has been used already. Type the newest code."
WAIT = "Too many wrong codes. Wait {wait}, then type the newest code."
DAILY_LIMIT = "Too many wrong codes today. Wait {wait}, then type the newest code."
NO_DEVICE = "Set up an authenticator app first."
RESET_SELF = "Your own second factor is changed on your Security page."
RESET_STAFF = "A staff login's second factor is reset by staff, in the admin."
RESET_NOTHING = "{name} has no second factor set up: there is nothing to reset."
# The audit's detail of a code that was checked and wrong: what the day's ceiling counts.
WRONG = "wrong code"


@dataclass(frozen=True)
class CodeCheck:
    """What became of a typed code: the device that took it, or why it was refused."""

    device: Device | None = None
    error: str = ""
    # Seconds before another code will be looked at; 0 when the refusal was the code itself.
    wait: int = 0

    @property
    def passed(self) -> bool:
        return self.device is not None


def normalise_code(typed: str) -> str:
    """A code as the devices store it: no spaces or dashes, lower case."""
    return re.sub(r"[\s\-]", "", typed).lower()


def wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{math.ceil(minutes / 60)} hours"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk).count()


def session_is_verified(request: HttpRequest) -> bool:
    return DEVICE_ID_SESSION_KEY in request.session


def session_verify(request: HttpRequest, device: Device) -> None:
    """Mark the session as past the second factor, under a new session key (a change of
    privilege, like the login itself)."""
    request.session.cycle_key()
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id


def session_forget(request: HttpRequest) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


def on_logged_in(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    """A password login starts unverified, even over a session that had passed before."""
    if request is not None and hasattr(request, "session"):
        session_forget(request)


def pending_device(*, user: User) -> TOTPDevice:
    """The device being set up: its secret stays the same while the set-up page is reloaded."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def device_confirm(*, request: HttpRequest, user: User, typed: str) -> tuple[CodeCheck, list[str]]:
    """Confirm the pending device with a code from it: the device counts from then on, ten
    recovery codes are issued (returned once, to be shown once) and the session is verified.
    A refused code is returned with no codes, its failure kept like any other."""
    device = TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=False).first()
    if device is None or TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
        return CodeCheck(error=NO_DEVICE), []
    check = _check(request, user, device, normalise_code(typed), kinds=(TOTP_CODE,))
    if not check.passed:
        return check, []
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_auth_event(request, AuthEventKind.SECOND_FACTOR_ADDED, user=user)
    codes = _issue_recovery_codes(request, user)
    session_verify(request, device)
    return check, codes


@transaction.atomic
def code_verify(*, request: HttpRequest, user: User, typed: str) -> CodeCheck:
    """Check a code typed after the password; on success the session is verified."""
    check = code_check(request=request, user=user, typed=typed)
    if check.device is not None:
        session_verify(request, check.device)
    return check


def code_check(*, request: HttpRequest, user: User, typed: str) -> CodeCheck:
    """A code from the authenticator app or a recovery code, checked against the user's devices.

    The authenticator's row is locked first, so two requests with one code take turns and the
    second finds it used; the day's count of wrong codes is read under the same lock.
    """
    device = TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True).first()
    if device is None:
        return CodeCheck(error=NO_DEVICE)
    code = normalise_code(typed)
    if RECOVERY_CODE.fullmatch(code):
        recovery = StaticDevice.objects.select_for_update().filter(user_id=user.pk).first()
        if recovery is not None:
            return _check(request, user, recovery, code, kinds=(RECOVERY_CODE,))
    return _check(request, user, device, code, kinds=(TOTP_CODE,))


def _check(
    request: HttpRequest,
    user: User,
    device: TOTPDevice | StaticDevice,
    code: str,
    *,
    kinds: tuple[re.Pattern[str], ...],
) -> CodeCheck:
    def refused(check: CodeCheck, detail: str) -> CodeCheck:
        # A wrong code is a failure; a code not looked at (malformed, or while waiting) is refused.
        outcome = AuthOutcome.FAILURE if detail == WRONG else AuthOutcome.REFUSED
        record_auth_event(
            request, AuthEventKind.SECOND_FACTOR_FAILED, outcome=outcome, user=user, detail=detail
        )
        return check

    if not any(kind.fullmatch(code) for kind in kinds):
        return refused(CodeCheck(error=NOT_A_CODE), "not a code")
    now = timezone.now()
    wrong_today = AuthEvent.objects.filter(
        user_id=user.pk,
        kind=AuthEventKind.SECOND_FACTOR_FAILED,
        outcome=AuthOutcome.FAILURE,
        detail=WRONG,
        at__gt=now - DAY,
    ).order_by("-at")
    times = list(wrong_today.values_list("at", flat=True)[:WRONG_CODES_PER_DAY])
    if len(times) >= WRONG_CODES_PER_DAY:
        # Free again once the oldest of the day's wrong codes is a day old.
        wait = max(1, math.ceil((times[-1] + DAY - now).total_seconds()))
        check = CodeCheck(error=DAILY_LIMIT.format(wait=wait_words(wait)), wait=wait)
        return refused(check, "daily limit")
    allowed, why = device.verify_is_allowed()
    if not allowed:
        until = (why or {}).get("locked_until", now)
        wait = max(1, math.ceil((until - now).total_seconds()))
        return refused(CodeCheck(error=WAIT.format(wait=wait_words(wait)), wait=wait), "throttled")
    if not device.verify_token(code):
        if device.throttling_failure_count > LONGEST_RUN:
            device.throttling_failure_count = LONGEST_RUN
            device.save(update_fields=["throttling_failure_count"])
        return refused(CodeCheck(error=WRONG_CODE), WRONG)
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        record_auth_event(
            request,
            AuthEventKind.RECOVERY_CODE_USED,
            user=user,
            detail=f"{left} recovery code{'s' if left != 1 else ''} left",
        )
    else:
        record_auth_event(request, AuthEventKind.SECOND_FACTOR_PASSED, user=user)
    return CodeCheck(device=device)


@transaction.atomic
def recovery_codes_issue(*, request: HttpRequest, user: User) -> list[str]:
    """New recovery codes in place of the old ones, which stop working at once; none without
    an authenticator."""
    if confirmed_device(user) is None:
        return []
    return _issue_recovery_codes(request, user)


def _issue_recovery_codes(request: HttpRequest, user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Recovery codes"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record_auth_event(
        request,
        AuthEventKind.RECOVERY_CODES_ISSUED,
        user=user,
        detail=f"{RECOVERY_CODE_COUNT} codes",
    )
    return codes


@transaction.atomic
def device_remove(*, request: HttpRequest, user: User, typed: str) -> CodeCheck:
    """Remove the authenticator and the recovery codes, given a fresh code from either.

    Every other session of the user ends, since a verified session is trusted without looking
    at the device again; this one is no longer verified.
    """
    check = code_check(request=request, user=user, typed=typed)
    if not check.passed:
        return check
    TOTPDevice.objects.filter(user_id=user.pk).delete()
    StaticDevice.objects.filter(user_id=user.pk).delete()
    session_forget(request)
    ended = sessions_end(user=user, keep=request.session.session_key)
    record_auth_event(
        request,
        AuthEventKind.SECOND_FACTOR_REMOVED,
        user=user,
        detail=f"{ended} other session{'s' if ended != 1 else ''} ended",
    )
    return check


@transaction.atomic
def member_second_factor_reset(*, owner: Membership, member: Membership) -> int:
    """The owner's way back for a member who lost both the phone and the recovery codes.

    The member's authenticator and codes are removed and every session of theirs ends, so
    their next sign-in, with their own password, sets up a new one. Refused for the owner's
    own login (the Security page, which asks for a code, does that) and for staff, whose
    factor guards every clinic. Returns how many sessions ended.
    """
    user = member.user
    if user.pk == owner.user_id:
        raise ValidationError(RESET_SELF)
    if user.is_staff or user.is_superuser:
        raise ValidationError(RESET_STAFF)
    removed, _ = TOTPDevice.objects.filter(user_id=user.pk).delete()
    codes, _ = StaticDevice.objects.filter(user_id=user.pk).delete()
    if not removed and not codes:
        raise ValidationError(RESET_NOTHING.format(name=user.get_full_name() or user.username))
    return sessions_end(user=user)


def sessions_end(*, user: User, keep: str | None = None) -> int:
    """End every live session of the user but `keep`; how many ended.

    Sessions are stored signed and encoded, so each live one is read: this runs on a rare
    account change, never on a page view.
    """
    ended = []
    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep)
    for session in live.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def clinic_two_factor_set(*, request: HttpRequest, membership: Membership, required: bool) -> bool:
    """Set whether every member of the owner's clinic must use a second factor; True when that
    changed anything. Members who have not set one up are asked to on their next page."""
    clinic = membership.clinic
    changed = (
        Clinic.objects.filter(pk=clinic.pk)
        .exclude(two_factor_required=required)
        .update(two_factor_required=required)
    )
    clinic.two_factor_required = required
    if changed:
        record_auth_event(
            request,
            AuthEventKind.TWO_FACTOR_POLICY,
            user=request.user,
            clinic=clinic,
            detail="required for every member" if required else "left to each member",
        )
    return bool(changed)
