"""Email goes to the console in development and through SMTP, configured from the environment,
in production."""

from tests.clinic.test_settings import PRODUCTION_ENV, run_python

SHOW_EMAIL = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, "
    "s.EMAIL_HOST_USER or '-', s.DEFAULT_FROM_EMAIL.replace(' ', '_'))"
)


def test_in_development_email_is_printed_on_the_console():
    result = run_python(SHOW_EMAIL, {"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend"


def test_in_production_email_goes_through_the_smtp_server_the_environment_names():
    smtp = {
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "465",
        "EMAIL_USE_SSL": "1",
        "EMAIL_HOST_USER": "retest@example.org",
        "EMAIL_HOST_PASSWORD": "smtp-secret",
        "DEFAULT_FROM_EMAIL": "Retest <retest@example.org>",
    }
    result = run_python(SHOW_EMAIL, PRODUCTION_ENV | smtp)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "465",
        "False",
        "True",
        "retest@example.org",
        "Retest_<retest@example.org>",
    ]
    starttls = run_python(SHOW_EMAIL, PRODUCTION_ENV)
    assert starttls.stdout.split()[1:5] == ["localhost", "587", "True", "False"]


def test_asking_for_both_tls_modes_stops_the_app_with_a_message():
    result = run_python(SHOW_EMAIL, PRODUCTION_ENV | {"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"})
    assert result.returncode != 0
    assert "Set one of EMAIL_USE_TLS and EMAIL_USE_SSL, not both." in result.stderr
