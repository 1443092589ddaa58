"""Middleware: security headers that Django's SecurityMiddleware does not set, Danish first, and the product's own
404 page also in the demo (where DEBUG would show Django's technical page)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation

API_PREFIX = "/api/"

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self' 'unsafe-eval'",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    """Danish unless the user has chosen English with the language switch (a cookie).

    The browser's Accept-Language is not followed on pages: a Danish municipality's staff often run English
    browsers and still expect the Danish system. The API follows it (the cookie first, if a browser sends one).
    """

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith(API_PREFIX):
            # A program asks for its language with Accept-Language; Danish when it does not.
            language = translation.get_language_from_request(request)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ProductNotFoundMiddleware:
    """With DEBUG on (the demo), Django answers a missing page with its technical page, in English, listing the
    URL patterns. The demo is shown to the people who will use Entydig, so it answers as production does: the
    product's own Danish 404 page. With DEBUG off Django does this itself (handler404), and this does nothing.
    The API answers its own 404s as JSON and is left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _applies(self, request: HttpRequest) -> bool:
        return bool(settings.DEBUG) and not request.path.startswith((API_PREFIX, settings.STATIC_URL or "/static/"))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._applies(request):
            try:
                resolve(request.path_info)
            except Resolver404:
                if not request.path_info.endswith("/") and _resolves(request.path_info + "/"):
                    return self.get_response(request)  # CommonMiddleware adds the slash
                return not_found(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and self._applies(request):
            return not_found(request)
        return None


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "404.html", status=404)
