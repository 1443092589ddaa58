"""API authentication: the browser session, or a personal token sent as `Authorization: Bearer <token>`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from entydig.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    """A personal API token; needs no CSRF token, since a browser never sends it by itself."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionUserAuth(SessionAuth):
    """Django's session; CSRF is checked for writes as in the pages.

    The CSRF check runs only for a logged-in session, so an anonymous request answers 401, not 403.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


API_AUTH = [TokenAuth(), SessionUserAuth()]


def docs_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the interactive docs are for logged-in users or token holders only."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = token_authenticate(header[7:].strip())
            if user is not None:
                request.user = user
        if not request.user.is_authenticated:
            if request.path.endswith(".json"):
                return JsonResponse({"detail": _("Log ind eller send en API-nøgle")}, status=401)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
