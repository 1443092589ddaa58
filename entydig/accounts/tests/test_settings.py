"""Production settings come from the environment: `check --deploy` is clean, the demo secret key is refused."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DEMO_MODE", "ALLOWED_HOSTS"}}
    base["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, MANAGE, *args], env={**base, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def test_it_passes_the_deployment_check_with_production_settings() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="entydig.example.dk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_fails_the_deployment_check_with_debug_on() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_it_refuses_to_start_with_the_demo_secret_key_and_debug_off() -> None:
    result = _manage("check", DEBUG="0", ALLOWED_HOSTS="entydig.example.dk")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "the demo secret key cannot be used with DEBUG off" in result.stderr
    explicit = _manage("check", DEBUG="0", SECRET_KEY=settings.DEMO_SECRET_KEY, ALLOWED_HOSTS="entydig.example.dk")
    assert explicit.returncode != 0
    assert "ImproperlyConfigured" in explicit.stderr


def test_it_turns_demo_mode_off_with_debug_off() -> None:
    code = "from django.conf import settings; print('DEMO_MODE', settings.DEMO_MODE)"
    result = _manage("shell", "-c", code, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="x.dk")
    assert result.returncode == 0, result.stderr
    assert "DEMO_MODE False" in result.stdout
