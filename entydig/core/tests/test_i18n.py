"""The English translation: the language switch, English pages, and a catalogue with nothing left untranslated."""

from __future__ import annotations

import ast
import gettext
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation.template import templatize

from entydig.conftest import Cast
from entydig.monitoring import services as monitoring_services

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# The same directories `makemessages` is told to skip (see README: updating the English translation).
IGNORED_DIRS = {".venv", "node_modules", "var", "bench", "e2e", "locale", "__pycache__", "artifacts"}

# ---------------------------------------------------------------- a minimal .po reader


def _unquote(text: str) -> str:
    unquoted: str = ast.literal_eval(text)  # a .po string is a valid Python string literal for the escapes gettext uses
    return unquoted


def parse_po(path: Path) -> list[dict[str, Any]]:
    """Entries of a .po file as dicts: ctxt, id, plural, strs (index -> text) and flags; obsolete entries skipped."""
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] = {"flags": set(), "ctxt": None, "id": None, "plural": None, "strs": {}}
    field: tuple[str, int | None] | None = None

    def flush() -> None:
        nonlocal current
        if current["id"] is not None:
            entries.append(current)
        current = {"flags": set(), "ctxt": None, "id": None, "plural": None, "strs": {}}

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current["id"] is not None:
                flush()
            current["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#") or not line.strip():
            if current["id"] is not None and (not line.strip() or line.startswith("#:")):
                flush()
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
        if match:
            keyword, index, text = match.group(1), match.group(2), _unquote(match.group(3))
            if keyword in ("msgctxt", "msgid") and current["id"] is not None:
                flush()
            if keyword == "msgctxt":
                current["ctxt"], field = text, ("ctxt", None)
            elif keyword == "msgid":
                current["id"], field = text, ("id", None)
            elif keyword == "msgid_plural":
                current["plural"], field = text, ("plural", None)
            else:
                key = int(index) if index is not None else 0
                current["strs"][key], field = text, ("strs", key)
        elif line.startswith('"') and field is not None:
            if field[0] == "strs":
                current["strs"][field[1]] += _unquote(line)
            else:
                current[field[0]] += _unquote(line)
        else:
            raise AssertionError(f"Unreadable line in {path}: {line!r}")
    flush()
    return entries


def _key(ctxt: str | None, msgid: str) -> str:
    return msgid if ctxt is None else f"{ctxt}\x04{msgid}"


# ---------------------------------------------------------------- what the source code asks to translate

_PY_SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
_PY_CONTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
_TEMPLATE_CALL = re.compile(
    r"\b(npgettext|pgettext|ngettext|gettext)\(((?:\s*u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,?)+)"
)
_LITERAL = re.compile(r"u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _python_msgids(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        args = [_literal(arg) for arg in node.args]
        if name in _PY_SINGULAR and args and args[0]:
            found.add(args[0])
        elif name in _PY_CONTEXT and len(args) >= 2 and args[0] is not None and args[1]:
            found.add(_key(args[0], args[1]))
    return found


def _template_msgids(source: str, origin: str) -> set[str]:
    found: set[str] = set()
    for match in _TEMPLATE_CALL.finditer(templatize(source, origin=origin)):
        texts = [ast.literal_eval(literal) for literal in _LITERAL.findall(match.group(2))]
        if match.group(1).startswith("p") or match.group(1).startswith("np"):
            found.add(_key(texts[0], texts[1]))
        elif texts and texts[0]:
            found.add(texts[0])
    return found


def source_msgids() -> dict[str, str]:
    """Every msgid in the project's Python files and templates, with one file it comes from."""
    found: dict[str, str] = {}
    root = Path(settings.BASE_DIR)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in IGNORED_DIRS and not d.startswith(".")]
        for filename in filenames:
            path = Path(dirpath) / filename
            if path.suffix == ".py" and "tests" not in path.parts:
                msgids = _python_msgids(path.read_text(encoding="utf-8"))
            elif path.suffix in (".html", ".txt") and "templates" in path.parts:
                msgids = _template_msgids(path.read_text(encoding="utf-8"), str(path))
            else:
                continue
            for msgid in msgids:
                found.setdefault(msgid, str(path.relative_to(root)))
    return found


# ---------------------------------------------------------------- the catalogue


def test_it_has_no_untranslated_or_fuzzy_entries_in_the_english_catalogue() -> None:
    entries = [entry for entry in parse_po(PO_FILE) if entry["id"]]
    untranslated = [entry["id"] for entry in entries if not entry["strs"] or not all(entry["strs"].values())]
    fuzzy = [entry["id"] for entry in entries if "fuzzy" in entry["flags"]]
    assert len(entries) > 1000
    assert untranslated == [], "Translate these in locale/en/LC_MESSAGES/django.po"
    assert fuzzy == [], "Check these fuzzy translations and remove the fuzzy flag"


def test_it_has_a_translation_for_every_string_in_the_source() -> None:
    translated = {
        _key(entry["ctxt"], entry["id"])
        for entry in parse_po(PO_FILE)
        if entry["id"] and entry["strs"] and all(entry["strs"].values()) and "fuzzy" not in entry["flags"]
    }
    found = source_msgids()
    assert "Log ind på Entydig" in found  # the extractor reads templates
    assert "Ukendt status." in found  # ... and Python files
    missing = sorted(f"{path}: {msgid!r}" for msgid, path in found.items() if msgid not in translated)
    assert missing == [], "Run makemessages -l en, translate the new strings and run compilemessages:\n" + "\n".join(
        missing
    )


# Danish quotation marks are »...«; a quoted word in any other marks ('...', «...», "...", “...”) is a slip.
_OTHER_QUOTES = re.compile(r"(?<![\w])'[^'\s][^']*'(?![\w])|«\S(?:[^«»]*\S)?»|“[^”]*”|(?<![=\w])\"[^\"<>]+\"(?![\w>])")


def test_every_danish_text_quotes_with_one_kind_of_quotation_marks() -> None:
    found = source_msgids()
    assert "Målet »%(goal)s« har ingen indikator." in found  # the kind that is used
    other = sorted(f"{path}: {msgid!r}" for msgid, path in found.items() if _OTHER_QUOTES.search(msgid))
    assert other == [], "Quote with »...« in Danish texts:\n" + "\n".join(other)


def test_it_compiled_the_catalogue_after_the_last_translation() -> None:
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in parse_po(PO_FILE):
        if not entry["id"]:
            continue
        key = _key(entry["ctxt"], entry["id"])
        if entry["plural"] is None:
            shown = compiled.pgettext(entry["ctxt"], entry["id"]) if entry["ctxt"] else compiled.gettext(entry["id"])
            if shown != entry["strs"][0]:
                stale.append(key)
        elif compiled.ngettext(entry["id"], entry["plural"], 2) != entry["strs"][1]:
            stale.append(key)
    assert stale == [], "Run manage.py compilemessages --ignore=.venv"


# ---------------------------------------------------------------- pages in English and Danish


def _english_client(client: Client) -> Client:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_it_shows_the_login_page_in_danish_by_default() -> None:
    body = Client().get(reverse("login")).content.decode()

    assert '<html lang="da">' in body
    assert "Log ind på Entydig" in body
    assert "Log in to Entydig" not in body


@pytest.mark.django_db
def test_it_shows_the_login_page_in_english_after_the_language_switch() -> None:
    client = _english_client(Client())

    body = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in body
    assert "Log in to Entydig" in body
    assert "Skip to content" in body
    assert "Log ind på Entydig" not in body
    assert "Gå til sidens indhold" not in body
    # The switch now offers the way back to Danish.
    assert 'name="language" value="da"' in body


@pytest.mark.django_db
def test_it_switches_back_to_danish() -> None:
    client = _english_client(Client())

    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    body = client.get(reverse("login")).content.decode()

    assert "Log ind på Entydig" in body
    assert "Log in to Entydig" not in body
    assert 'name="language" value="en"' in body


@pytest.mark.django_db
def test_it_stays_danish_for_an_english_browser_until_english_is_chosen(cast: Cast) -> None:
    client = cast.client("board")
    url = reverse("organisation:plan", args=[cast.plan.pk])

    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Helhedsplanens menu" in body
    assert "Master plan menu" not in body

    body = _english_client(client).get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Master plan menu" in body


@pytest.mark.django_db
def test_it_shows_a_plan_page_in_english(cast: Cast) -> None:
    client = _english_client(cast.client("board"))

    body = client.get(reverse("organisation:plan", args=[cast.plan.pk])).content.decode()

    assert "Plan A" in body
    for english in ("Master plan menu", "Overview", "Goals", "Indicators", "Meetings", "Agreement period", "Log out"):
        assert english in body
    for danish in ("Helhedsplanens menu", "Overblik", "Indikatorer", "Møder", "Aftaleperiode", "Log af"):
        assert danish not in body
    # Dates keep the day.month.year order the templates ask for.
    assert "01.01.2024–31.12.2027" in body


@pytest.mark.django_db
def test_it_shows_a_plan_page_in_danish(cast: Cast) -> None:
    body = cast.client("board").get(reverse("organisation:plan", args=[cast.plan.pk])).content.decode()

    for danish in ("Helhedsplanens menu", "Overblik", "Indikatorer", "Møder", "Aftaleperiode", "Log af"):
        assert danish in body
    for english in ("Master plan menu", "Agreement period", "Log out"):
        assert english not in body
    assert "01.01.2024–31.12.2027" in body


@pytest.mark.django_db
def test_it_shows_numbers_with_a_decimal_point_in_english_and_a_comma_in_danish(cast: Cast) -> None:
    indicator = monitoring_services.indicator_create(
        actor=None, plan=cast.plan, code="ledighed", name="Ledighed", unit="percent", direction="lower"
    )
    monitoring_services.measurement_save(
        actor=None, indicator=indicator, series="plan", period="2025", value=Decimal("12.5")
    )
    url = reverse("monitoring:indicator", args=[cast.plan.pk, indicator.pk])

    danish = cast.client("board").get(url).content.decode()
    english = _english_client(cast.client("board")).get(url).content.decode()

    assert "<dd>12,5 % (2025)</dd>" in danish
    assert "12.5 %" not in danish
    assert "<dd>12.5 % (2025)</dd>" in english
    assert "12,5 %" not in english
    assert "Latest measurement" in english
    assert "Seneste måling" not in english
