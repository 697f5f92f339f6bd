"""Production settings pass Django's deployment checks; the laptop's defaults still serve HTTP.

Each case starts a fresh Python with a clean environment, as a server starts.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

REPO = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json
from acunum import settings
names = [
    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_AGE", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_HTTPONLY", "MIDDLEWARE", "SILENCED_SYSTEM_CHECKS",
]
values = {name: getattr(settings, name) for name in names}
values["SECURE_PROXY_SSL_HEADER"] = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
print(json.dumps(values))
"""
PROXY_MIDDLEWARE = "acunum.lib.proxy.ForwardedForMiddleware"


def environment(tmp_path: Path, **env: str) -> dict:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "ACUNUM_DATA_DIR": str(tmp_path / "data"),
        **env,
    }


def production(tmp_path: Path, **env: str) -> dict:
    """What the README asks of a server on the internet, behind its HTTPS reverse proxy."""
    return environment(
        tmp_path,
        ACUNUM_SECRET_KEY=secrets.token_urlsafe(50),
        ACUNUM_HTTPS="True",
        ACUNUM_ALLOWED_HOSTS="acunum.example.org",
        **env,
    )


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def settings_of(env: dict) -> dict:
    result = run(env, "-c", PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_finds_nothing_to_say_in_production(tmp_path):
    env = production(tmp_path)
    result = run(env, "-m", "acunum.cli", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_finds_nothing_behind_the_proxy_either(tmp_path):
    env = production(tmp_path, ACUNUM_BEHIND_PROXY="True")
    result = run(env, "-m", "acunum.cli", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_https_turns_on_secure_cookies_the_redirect_and_a_year_of_hsts(tmp_path):
    values = settings_of(production(tmp_path))
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    # Not behind a proxy: the forwarded headers mean nothing and are not read.
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert PROXY_MIDDLEWARE not in values["MIDDLEWARE"]


def test_hsts_can_be_shortened_or_extended_to_subdomains(tmp_path):
    env = production(tmp_path, ACUNUM_HSTS_SECONDS="300", ACUNUM_HSTS_INCLUDE_SUBDOMAINS="True")
    values = settings_of(env)
    assert values["SECURE_HSTS_SECONDS"] == 300
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    # Then Django's warning about subdomains is no longer silenced: it has nothing to say.
    assert "security.W005" not in values["SILENCED_SYSTEM_CHECKS"]


def test_behind_the_proxy_it_reads_the_forwarded_scheme_and_address(tmp_path):
    values = settings_of(production(tmp_path, ACUNUM_BEHIND_PROXY="True"))
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # First: every other middleware, and the views, see the browser's address.
    assert values["MIDDLEWARE"][0] == PROXY_MIDDLEWARE


def test_the_laptop_defaults_serve_plain_http(tmp_path):
    values = settings_of(environment(tmp_path, ACUNUM_SECRET_KEY="x"))
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert PROXY_MIDDLEWARE not in values["MIDDLEWARE"]


def test_sessions_last_a_working_day_and_no_script_reads_the_csrf_cookie(tmp_path):
    values = settings_of(environment(tmp_path, ACUNUM_SECRET_KEY="x"))
    assert values["SESSION_COOKIE_AGE"] == 12 * 3600
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True


def test_no_script_reads_the_csrf_cookie():
    # What CSRF_COOKIE_HTTPONLY relies on: scripts send the form's csrfmiddlewaretoken field.
    for script in (REPO / "acunum" / "static").rglob("*.js"):
        text = script.read_text(errors="replace")
        assert "csrftoken" not in text, script
        assert "document.cookie" not in text, script


def test_the_old_secure_cookies_variable_stops_the_server_naming_its_replacement(tmp_path):
    result = run(
        environment(tmp_path, ACUNUM_SECRET_KEY="x", ACUNUM_SECURE_COOKIES="True"),
        "-c",
        PRINT_SETTINGS,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ACUNUM_SECURE_COOKIES" in result.stderr
    assert "ACUNUM_HTTPS=True" in result.stderr


def test_a_wrong_https_value_is_named(tmp_path):
    result = run(
        environment(tmp_path, ACUNUM_SECRET_KEY="x", ACUNUM_HTTPS="yes"), "-c", PRINT_SETTINGS
    )
    assert result.returncode != 0
    assert "ACUNUM_HTTPS=yes" in result.stderr


class RedirectTests(TestCase):
    def test_the_laptop_answers_plain_http(self):
        r = self.client.get(reverse("accounts:login"))
        self.assertEqual(r.status_code, 200)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_with_https_plain_http_is_redirected(self):
        r = self.client.get(reverse("accounts:login"))
        self.assertEqual(r.status_code, 301)
        self.assertTrue(r["Location"].startswith("https://"))

    @override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    )
    def test_behind_the_proxy_a_request_it_received_over_https_is_not_redirected(self):
        r = self.client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
        self.assertEqual(r.status_code, 200)
