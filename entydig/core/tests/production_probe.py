"""Run as a separate process with production settings; prints what the security tests check, as JSON.

Settings are read once at start-up from the environment, so production settings (DEBUG off) can only be
seen faithfully in a process of their own.
"""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.conf import settings
    from django.core.exceptions import PermissionDenied
    from django.test import Client, RequestFactory, override_settings
    from django.views import defaults

    out: dict[str, object] = {}
    out["settings"] = {
        name: getattr(settings, name, None)
        for name in (
            "DEBUG",
            "SESSION_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SESSION_COOKIE_SAMESITE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_AGE",
            "SESSION_SAVE_EVERY_REQUEST",
        )
    }

    def seen(response: object) -> dict[str, object]:
        r = response  # an HttpResponse
        body = r.content.decode(errors="replace") if not getattr(r, "streaming", False) else ""  # type: ignore[attr-defined]
        return {
            "status": r.status_code,  # type: ignore[attr-defined]
            "headers": dict(r.headers.items()),  # type: ignore[attr-defined]
            "cookies": {k: dict(v.items()) for k, v in r.cookies.items()},  # type: ignore[attr-defined]
            "body": body,
        }

    # Collected static files are a deployment step; the hashed-name manifest is not what is tested here.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        client = Client(raise_request_exception=False)
        https = {"secure": True, "headers": {"host": "entydig.example.dk"}}
        out["login"] = seen(client.get("/accounts/login/", **https))  # type: ignore[arg-type]
        out["plain_http"] = seen(client.get("/accounts/login/", headers={"host": "entydig.example.dk"}))
        out["not_found"] = seen(
            client.get("/plans/999999/</p><script>alert(1)</script>/?q=<script>alert(2)</script>", **https)  # type: ignore[arg-type]
        )
        out["api_docs"] = seen(client.get("/api/v1/docs", **https))  # type: ignore[arg-type]
        out["api_schema"] = seen(client.get("/api/v1/openapi.json", **https))  # type: ignore[arg-type]
        request = RequestFactory().get("/x", secure=True, headers={"host": "entydig.example.dk"})
        out["server_error"] = seen(defaults.server_error(request))
        out["forbidden"] = seen(defaults.permission_denied(request, PermissionDenied("secret detail 42")))
        csrf = Client(enforce_csrf_checks=True)
        out["csrf_failure"] = seen(
            csrf.post("/accounts/login/", {"username": "x", "password": "y"}, **https)  # type: ignore[arg-type]
        )
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
