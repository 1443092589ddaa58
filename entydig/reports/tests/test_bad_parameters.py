"""Parameters of the progress and pixi pages and endpoints that cannot be used: 400/422 naming them, in Danish."""

from __future__ import annotations

import pytest

from entydig.conftest import Cast
from entydig.reports.models import PixiPublication, ProgressReport


@pytest.mark.parametrize("page", ["pixi/", "pixi.pdf", "progress/"])
@pytest.mark.parametrize(
    ("quarter", "message"),
    [
        ("0000Q1", "Kvartalets år skal ligge fra 1950 til 2100."),
        ("1800Q1", "Kvartalets år skal ligge fra 1950 til 2100."),
        ("2026Q5", "Kvartalet skal skrives som fx 2026Q3"),
        ("abc", "Kvartalet skal skrives som fx 2026Q3"),
    ],
)
def test_it_answers_a_quarter_that_cannot_be_with_400_on_the_pages(
    cast: Cast, page: str, quarter: str, message: str
) -> None:
    response = cast.client("board").get(f"/plans/{cast.plan.pk}/{page}?quarter={quarter}")

    assert response.status_code == 400
    assert "Adressens parameter »quarter« kan ikke bruges" in response.content.decode()
    assert message in response.content.decode()


@pytest.mark.parametrize("endpoint", ["pixi", "pixi.pdf", "progress"])
def test_it_answers_a_quarter_that_cannot_be_with_422_in_the_api(cast: Cast, endpoint: str) -> None:
    response = cast.client("board").get(f"/api/v1/plans/{cast.plan.pk}/{endpoint}?quarter=0000Q1")

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["query", "quarter"], "field": "quarter", "msg": "Kvartalets år skal ligge fra 1950 til 2100."}
    ]


@pytest.mark.parametrize(("query", "name"), [("version=første", "version"), ("live=ja", "live")])
def test_it_refuses_other_unusable_parameters_of_the_pixi_page(cast: Cast, query: str, name: str) -> None:
    response = cast.client("board").get(f"/plans/{cast.plan.pk}/pixi/?quarter=2026Q3&{query}")

    assert response.status_code == 400
    assert f"»{name}«" in response.content.decode()


def test_it_answers_404_for_a_pixi_version_that_is_not_published(cast: Cast) -> None:
    assert cast.client("board").get(f"/plans/{cast.plan.pk}/pixi.pdf?quarter=2026Q3&version=3").status_code == 404


def test_it_refuses_to_publish_a_pixi_report_for_a_quarter_that_cannot_be(cast: Cast) -> None:
    response = cast.client("secretariat").post(
        f"/api/v1/plans/{cast.plan.pk}/pixi/publish", {"quarter": "0000Q1"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "quarter"
    assert not PixiPublication.objects.exists()


def test_it_refuses_an_unknown_review_action_and_changes_nothing(cast: Cast, submitted: ProgressReport) -> None:
    url = f"/plans/{cast.plan.pk}/progress/reports/{submitted.pk}/review/"
    response = cast.client("secretariat").post(url, {"action": "slet", "comment": "Nej"})

    assert response.status_code == 400
    assert "»action«" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.review_comment == ""
