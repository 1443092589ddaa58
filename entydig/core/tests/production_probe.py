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
    from django.http import HttpResponse, HttpResponseBase
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

    def seen(r: HttpResponseBase) -> dict[str, object]:
        body = r.content.decode(errors="replace") if isinstance(r, HttpResponse) else ""  # streaming: no .content
        return {
            "status": r.status_code,
            "headers": dict(r.headers.items()),
            "cookies": {k: dict(v.items()) for k, v in r.cookies.items()},
            "body": body,
        }

    # Collected static files are a deployment step; the hashed-name manifest is not what is tested here.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        client = Client(raise_request_exception=False)
        host = {"host": "entydig.example.dk"}
        out["login"] = seen(client.get("/accounts/login/", secure=True, headers=host))
        out["plain_http"] = seen(client.get("/accounts/login/", headers={"host": "entydig.example.dk"}))
        out["not_found"] = seen(
            client.get(
                "/plans/999999/</p><script>alert(1)</script>/?q=<script>alert(2)</script>", secure=True, headers=host
            )
        )
        out["api_docs"] = seen(client.get("/api/v1/docs", secure=True, headers=host))
        out["api_schema"] = seen(client.get("/api/v1/openapi.json", secure=True, headers=host))
        request = RequestFactory().get("/x", secure=True, headers={"host": "entydig.example.dk"})
        out["server_error"] = seen(defaults.server_error(request))
        out["forbidden"] = seen(defaults.permission_denied(request, PermissionDenied("secret detail 42")))
        csrf = Client(enforce_csrf_checks=True)
        out["csrf_failure"] = seen(
            csrf.post("/accounts/login/", {"username": "x", "password": "y"}, secure=True, headers=host)
        )
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
