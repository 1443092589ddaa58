"""Clicks through the seeded demo as each demo user and checks what every reachable page shows.

A link a user is shown must open for that user (no 404, no 403 for read-only roles), no page fails, every
page has one <h1>, a <title> and a language, and Danish pages show dates and decimals the Danish way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from pytest_django import DjangoDbBlocker

from entydig.accounts.models import User
from entydig.home.demo import LOGINS, seed_all

PAGE_LIMIT = 150  # pages per user
PER_PATTERN = 2  # pages per URL shape (digits replaced) per user: enough to see every kind of page
SKIP_PATHS = ("/accounts/logout/", "/i18n/", "/static/", "/media/", "/admin/")
DOWNLOAD = re.compile(r"(\.(pdf|xlsx|csv|docx|ics|zip|json|svg|png)$)|/(pdf|download|export|eksport)(/|$)")
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")
# "12.5" but not "2.350" (Danish thousands), "27.11.2026" (a date), "kl. 14.30" (a time of day) or "nr. 3.2" (a
# budget post's number in the accounts).
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])(?<!kl\. )(?<!nr\. )\d+\.\d{1,2}(?![\d.,])")
DANISH_DATE_TIME = re.compile(r"\b\d\d\.\d\d\.\d{4},? (kl\. )?\d\d\.\d\d\b")


class _Page(HTMLParser):
    """Links, headings, title, language and the visible text nodes of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.h1 = 0
        self.title = ""
        self.lang: str | None = None
        self.texts: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag == "h1":
            self.h1 += 1
        if tag == "html":
            self.lang = a.get("lang")
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "title" in self._stack:
            self.title += data
        elif data.strip() and not {"script", "style", "code", "pre", "textarea", "template", "svg"} & set(self._stack):
            self.texts.append(data.strip())


def _shape(url: str) -> str:
    parts = urlsplit(url)
    query = "&".join(sorted(q.split("=")[0] for q in parts.query.split("&") if q))
    return re.sub(r"\d+", "#", parts.path) + "?" + query


def _crawl(client: Client, start: str = "/") -> Iterator[tuple[str, str, int, _Page | None]]:
    """(url, linked from, status, parsed page) for every internal GET link reachable from `start`."""
    seen: set[str] = {start}
    shapes: Counter[str] = Counter()
    queue: list[tuple[str, str]] = [(start, "")]
    visited = 0
    while queue and visited < PAGE_LIMIT:
        url, origin = queue.pop(0)
        visited += 1
        response = client.get(url, follow=True)
        if response.redirect_chain:  # e.g. the home page of a one-plan user opens that plan
            url = response.redirect_chain[-1][0]
        page = None
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            page = _Page()
            page.feed(response.content.decode())
            for href in page.links:
                parts = urlsplit(urljoin("http://testserver" + url, href))
                if parts.scheme not in {"http", "https"} or parts.netloc != "testserver":
                    continue
                target = parts.path + ("?" + parts.query if parts.query else "")
                if target in seen or parts.path.startswith(SKIP_PATHS) or DOWNLOAD.search(parts.path):
                    continue
                seen.add(target)
                if shapes[_shape(target)] >= PER_PATTERN:
                    continue
                shapes[_shape(target)] += 1
                queue.append((target, url))
        yield url, origin, response.status_code, page


@pytest.fixture(scope="module")
def demo_users(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, User]]:
    """The real demo data, seeded once for this module and rolled back afterwards; its files go to a temp dir."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=tmp_path_factory.mktemp("media")
    )
    with fast, django_db_blocker.unblock(), transaction.atomic():
        ctx = seed_all()
        yield ctx["users"]
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("username", [login for login, _what in LOGINS])
def test_it_shows_each_demo_user_only_working_well_formed_danish_pages(
    demo_users: dict[str, User], username: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(demo_users[username])
    problems: list[str] = []
    pages = 0
    statuses: Counter[int] = Counter()
    for url, origin, status, page in _crawl(client):
        statuses[status] += 1
        where = f"{url} (linked from {origin or 'start'})"
        if status >= 500:
            problems.append(f"{status} {where}")
        elif status in {403, 404}:
            problems.append(f"{status} for a shown link: {where}")
        if page is None or url.startswith("/api/"):  # the API's own documentation page is not our layout
            continue
        pages += 1
        if page.h1 != 1:
            problems.append(f"{page.h1} <h1> on {url}")
        if not page.title.strip():
            problems.append(f"no <title> on {url}")
        if not page.lang:
            problems.append(f"no lang on {url}")
        if page.lang == "da":
            for text in page.texts:
                text = DANISH_DATE_TIME.sub("", text)
                if ISO_DATE.search(text) or ENGLISH_DECIMAL.search(text):
                    problems.append(f"ISO date or decimal point on {url}: {text[:80]!r}")
    assert pages > 5, f"{username} reached only {pages} pages: {statuses}"
    assert not problems, "\n".join(dict.fromkeys(problems))  # each problem once
