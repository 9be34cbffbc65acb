"""The second factor: after the password, a code from an authenticator app or a recovery code.

django-otp keeps the devices: one `TOTPDevice` per user (RFC 6238 codes of 6 digits, a 30-second
step, one step of tolerance either side; its `last_t` refuses any code at or before the last one
accepted) and one `StaticDevice` holding ten single-use recovery codes. Wrong codes are slowed by
django-otp's throttle (1, 2, 4 … seconds, here never more than 1024) and capped at 96 a day.

A session that passed holds the device's id (`django_otp.DEVICE_ID_SESSION_KEY`); the gate
(gate.py) trusts it and so costs no query on a verified page. That is why removing a device
ends the user's other sessions, and why a password login starts unverified.
"""
