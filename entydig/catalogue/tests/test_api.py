"""The catalogue API: every logged-in user reads the national indicators; anonymous callers get 401."""

from __future__ import annotations

from entydig.catalogue.models import CatalogueIndicator
from entydig.conftest import Cast

LIST = "/api/v1/catalogue/indicators"


def test_it_lists_the_shipped_indicators_with_their_definitions(cast: Cast) -> None:
    items = cast.client("viewer").get(LIST).json()
    codes = [i["code"] for i in items]
    assert len(codes) == CatalogueIndicator.objects.count() >= 17
    for code in ("liste-ikkevestlige", "liste-uden-job-uddannelse", "liste-domte", "liste-grundskole-30-59"):
        assert code in codes
    criterion = next(i for i in items if i["code"] == "liste-uden-job-uddannelse")
    assert criterion["kind"] == "share" and criterion["unit"] == "percent" and criterion["direction"] == "lower"
    assert "40 pct." in criterion["definition"] and "§ 61 a" in criterion["source_reference"]
    assert criterion["denominator"] == "Alle beboere i alderen 18-64 år"


def test_it_shows_one_indicator_by_its_code(cast: Cast) -> None:
    response = cast.client("outsider").get(f"{LIST}/dagtilbud-1-5")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Børn 1-5 år i dagtilbud"
    assert body["source"] == "boligsociale_data" and body["active"] is True
    assert "Definitionen er ikke bekræftet mod kilden" in body["definition"]


def test_it_answers_404_for_an_unknown_code(cast: Cast) -> None:
    response = cast.client("viewer").get(f"{LIST}/findes-ikke")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_it_answers_401_to_anonymous_callers(cast: Cast) -> None:
    assert cast.client(None).get(LIST).status_code == 401
    assert cast.client(None).get(f"{LIST}/dagtilbud-1-5").status_code == 401


def test_every_shipped_indicator_says_what_it_counts(db: None) -> None:
    for entry in CatalogueIndicator.objects.all():
        assert entry.definition and entry.source_reference and entry.disclosure, entry.code
        if entry.kind in (CatalogueIndicator.Kind.SHARE, CatalogueIndicator.Kind.AVERAGE):
            assert entry.numerator and entry.denominator, entry.code
