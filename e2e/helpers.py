"""What every journey does: log in, take a numbered screenshot per step, run axe-core, watch for errors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, Response

from entydig.organisation import demo as organisation_demo

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "e2e"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = "demo"  # noqa: S105 (the documented password of the demo logins)
# The demo plans' names carry their grant periods, which move with the day the demo is loaded (today).
DEMO_PLAN = organisation_demo.demo_plan_name()
DEMO_PLAN_STEM = organisation_demo.DEMO_PLAN_STEM
OTHER_PLAN = organisation_demo.other_plan_name()


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")


@dataclass
class Journey:
    """One test's browser session(s); problems seen on any page fail the test at its end."""

    name: str
    base: str
    new_page: Callable[[], Page]
    problems: list[str] = field(default_factory=list)
    step: int = 0
    checked_pages: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        folder = ARTIFACTS / _slug(self.name)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def browse(self, username: str | None = None) -> Page:
        """A page in a new browser context, logged in as `username` when given."""
        page = self.new_page()
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("console", self._on_console)
        if username is not None:
            self.login(page, username)
        return page

    def _on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.problems.append(f"HTTP {response.status} from {response.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation: {message.text}")

    def login(self, page: Page, username: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Log ind").click()
        assert "/accounts/login/" not in page.url, f"login as {username} failed: {page.content()[:2000]}"

    def shot(self, page: Page, what: str) -> Path:
        """A full-page screenshot, numbered in the order of the journey's steps."""
        self.step += 1
        path = self.folder / f"{self.step:02d}-{_slug(what)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def check_a11y(self, page: Page, what: str) -> None:
        """axe-core against WCAG 2.1 A and AA: no violation of impact serious or critical.

        The script is evaluated through the DevTools protocol, which the page's Content-Security-Policy
        does not apply to, so the page keeps its real policy while being checked.
        """
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
        result = page.evaluate(
            "async (tags) => await axe.run(document,"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        violations = result["violations"]
        axe_dir = ARTIFACTS / "axe"
        axe_dir.mkdir(parents=True, exist_ok=True)
        slug = _slug(f"{self.name}-{what}")
        (axe_dir / f"{slug}.json").write_text(
            json.dumps({"url": page.url, "tags": WCAG_TAGS, "violations": violations}, indent=1, ensure_ascii=False)
        )
        self.checked_pages.append(page.url)
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, f"axe-core found serious/critical WCAG 2.1 AA problems on {page.url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in blocking
        )

    def visit(self, page: Page, path: str, what: str, *, a11y: bool = True) -> None:
        """Opens a page, screenshots it and checks its accessibility."""
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
        self.shot(page, what)
        if a11y:
            self.check_a11y(page, what)

    def assert_clean(self) -> None:
        assert not self.problems, "Problems seen in the browser:\n" + "\n".join(self.problems)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag == "form":
            self.forms.append(((a.get("method") or "get").lower(), a.get("action") or ""))


def links_and_forms(html: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The hrefs of links and the (method, action) of forms in a page."""
    parser = _Links()
    parser.feed(html)
    return parser.links, parser.forms


def plan_path(page: Page, plan_name: str) -> str:
    """The path of a plan's overview page, found from the front page by its name as a user would."""
    page.goto("/")
    if plan_name not in page.title():
        with page.expect_navigation():
            page.get_by_role("link", name=plan_name).first.click()
    match = re.search(r"/plans/\d+/", page.url)
    assert match, f"no plan page for {plan_name} at {page.url}"
    return match.group(0)


def tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Presses Tab until the element matching `selector` has the focus, as a keyboard user would."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{selector} cannot be reached with Tab on {page.url}")


def assert_focus_visible(page: Page) -> None:
    """The focused element shows a focus indicator (an outline or a box shadow)."""
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow}; }"
    )
    visible = (style["outline"] != "none" and style["width"] not in ("0px", "")) or style["shadow"] != "none"
    assert visible, f"no visible focus on {page.evaluate('document.activeElement.outerHTML')[:200]}: {style}"


def crawl(page: Page, start: str, *, within: str, limit: int = 150) -> tuple[list[str], list[str]]:
    """Every page reachable by links from `start` whose path begins with `within`, and the POST targets of
    the forms on them, fetched with the page's cookies (GET only)."""
    seen: set[str] = set()
    posts: set[str] = set()
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.request.get(path, max_redirects=0)
        assert response.status < 500, f"{path} answered {response.status}"
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        links, forms = links_and_forms(response.text())
        for href in links:
            target = _local(path, href)
            # Query-string variants (filters, periods) are the same views; their paths are enough.
            if target and target.startswith(within) and "?" not in target and target not in seen:
                queue.append(target)
        for method, action in forms:
            target = _local(path, action or path)
            if method == "post" and target and target.startswith(within):
                posts.add(target)
    return sorted(seen), sorted(posts)


def _local(current: str, href: str) -> str | None:
    from urllib.parse import urljoin, urlsplit

    parts = urlsplit(urljoin("http://x" + current, href))
    if parts.netloc != "x":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def nav(page: Page, section: str) -> None:
    """Clicks a section in the plan's tab bar."""
    with page.expect_navigation():
        page.get_by_role("navigation", name="Helhedsplanens menu").get_by_role("link", name=section).click()


def click(page: Page, role: str, name: str | re.Pattern[str], *, exact: bool = False) -> None:
    """Clicks a link or button that leads to a new page, and waits for it."""
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=exact).first.click()  # type: ignore[arg-type]


def fetch_pdf(journey: Journey, page: Page, href: str, what: str) -> str:
    """Downloads a PDF with the page's login, keeps it with a picture of its first page, returns its text."""
    import subprocess
    from io import BytesIO

    from pypdf import PdfReader

    response = page.request.get(href)
    assert response.status == 200, f"{href} answered {response.status}"
    assert response.headers["content-type"].startswith("application/pdf"), response.headers["content-type"]
    body = response.body()
    assert body.startswith(b"%PDF-")
    journey.step += 1
    target = journey.folder / f"{journey.step:02d}-{_slug(what)}.pdf"
    target.write_bytes(body)
    first_page = ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(target), str(target.with_suffix(""))]
    subprocess.run(["pdftoppm", *first_page], check=True)  # noqa: S603, S607 (poppler-utils, fixed arguments)
    return "\n".join(p.extract_text() or "" for p in PdfReader(BytesIO(body)).pages)
