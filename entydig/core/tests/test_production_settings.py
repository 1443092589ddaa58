"""With production settings (DEBUG off): security headers are sent, cookies are safe, errors leak nothing.

`check --deploy` itself is tested in entydig/accounts/tests/test_settings.py.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
HOST = "entydig.example.dk"
LAYOUT = "Entydig – styring af boligsociale helhedsplaner"  # the site heading of base.html
LEAKS = [
    "Traceback",
    'File "',
    "DEBUG",
    "SECRET_KEY",
    "settings.py",
    "urlpatterns",
    "secret detail 42",
    "<script>alert",
]


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What a production-configured process answers; see production_probe.py."""
    tmp = tmp_path_factory.mktemp("prod")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp / 'unused.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DEMO_MODE", None)
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-m", "entydig.core.tests.production_probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe: dict[str, Any] = json.loads(result.stdout)
    return probe


def _csp(headers: dict[str, str]) -> dict[str, list[str]]:
    directives = [d.strip().split() for d in headers["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def test_it_sends_the_security_headers_on_pages(prod: dict[str, Any]) -> None:
    assert prod["settings"]["DEBUG"] is False
    for name in ("login", "not_found", "api_docs", "api_schema", "csrf_failure"):
        headers = prod[name]["headers"]
        csp = _csp(headers)
        assert csp["frame-ancestors"] == ["'none'"], name
        assert csp["default-src"] == ["'self'"], name
        assert csp["object-src"] == ["'none'"], name
        assert "'unsafe-inline'" not in csp["script-src"], name
        assert csp["base-uri"] == ["'self'"], name
        hsts = dict(p.strip().partition("=")[::2] for p in headers["Strict-Transport-Security"].split(";"))
        assert int(hsts["max-age"]) >= 31536000 and "includeSubDomains" in hsts, name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["Referrer-Policy"] == "same-origin", name


def test_it_redirects_plain_http_to_https(prod: dict[str, Any]) -> None:
    assert prod["plain_http"]["status"] == 301
    assert prod["plain_http"]["headers"]["Location"] == f"https://{HOST}/accounts/login/"


def test_it_sets_cookies_secure_httponly_and_samesite(prod: dict[str, Any]) -> None:
    csrf = prod["login"]["cookies"]["csrftoken"]
    assert csrf["secure"] is True and csrf["samesite"] == "Lax"
    s = prod["settings"]
    assert s["SESSION_COOKIE_SECURE"] is True and s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["SESSION_COOKIE_SAMESITE"] == "Lax" and s["CSRF_COOKIE_SECURE"] is True
    # The session's age is renewed on every request, so it works as an idle timeout.
    assert s["SESSION_SAVE_EVERY_REQUEST"] is True and s["SESSION_COOKIE_AGE"] <= 8 * 60 * 60


@pytest.mark.parametrize(
    ("name", "status", "heading"),
    [
        ("not_found", 404, "Siden findes ikke"),
        ("forbidden", 403, "Du har ikke adgang til at gøre dette"),
        ("server_error", 500, "Der skete en fejl"),
        ("csrf_failure", 403, "Formularen er udløbet"),
    ],
)
def test_it_shows_error_pages_in_the_layout_without_internals(
    prod: dict[str, Any], name: str, status: int, heading: str
) -> None:
    page = prod[name]
    assert page["status"] == status
    assert f"<h1>{heading}</h1>" in page["body"]
    assert LAYOUT in page["body"]
    for leak in LEAKS:
        assert leak not in page["body"], f"{name} shows {leak!r}"


def test_it_shows_the_api_docs_and_schema_only_after_login(prod: dict[str, Any]) -> None:
    assert prod["api_docs"]["status"] == 302
    assert prod["api_docs"]["headers"]["Location"].startswith("/accounts/login/")
    assert prod["api_schema"]["status"] == 401
    assert '"paths"' not in prod["api_schema"]["body"]
