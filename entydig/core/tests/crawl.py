"""Follows links through the pages a test client can see, the way a user clicks through the site."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def crawl(client: Client, start: str, *, within: tuple[str, ...], limit: int = 300) -> Iterator[tuple[str, str]]:
    """(path, HTML) of every page reachable by links from `start` whose path begins with one of `within`."""
    seen: set[str] = set()
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        yield path, html
        parser = _Links()
        parser.feed(html)
        for href in parser.links:
            parts = urlsplit(urljoin("http://testserver" + path, href))
            if parts.netloc != "testserver" or parts.query:
                continue
            if parts.path.startswith(within) and parts.path not in seen:
                queue.append(parts.path)
