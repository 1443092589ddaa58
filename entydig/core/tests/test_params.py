"""The one reader of parameters the pages take by hand, and the 400 page that names a parameter it cannot use."""

from __future__ import annotations

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.test import RequestFactory

from entydig.core import params
from entydig.core.views import bad_request


def _q(text: str) -> QueryDict:
    return QueryDict(text)


@pytest.mark.parametrize("text", ["year=abc", "year=%D9%A2%D9%A0%D9%A2%D9%A6", "year=1.5", "year=%00", "year=1e3"])
def test_it_refuses_a_number_that_is_not_written_with_digits(text: str) -> None:
    with pytest.raises(params.InvalidParameter) as caught:
        params.integer(_q(text), "year", low=1950, high=2100)
    assert caught.value.name == "year" and "»year«" in caught.value.message


@pytest.mark.parametrize("value", ["0", "-1", "10000", "9" * 20, "9" * 5000])
def test_it_refuses_a_number_out_of_range(value: str) -> None:
    with pytest.raises(params.InvalidParameter, match="fra 1950 til 2100"):
        params.integer(_q(f"year={value}"), "year", low=1950, high=2100)


def test_it_reads_a_number_and_takes_the_default_when_none_is_given() -> None:
    assert params.integer(_q("year=2026"), "year", low=1950, high=2100) == 2026
    assert params.integer(_q("year="), "year", low=1950, high=2100, default=7) == 7
    assert params.identifier(_q(""), "pk") is None
    assert params.identifier(_q(f"pk={2**63 - 1}"), "pk") == 2**63 - 1


def test_it_reads_flags_and_choices_strictly() -> None:
    assert [params.flag(_q(text), "live") for text in ("live=1", "live=on", "live=0", "")] == [True, True, False, False]
    assert params.choice(_q("format=csv"), "format", ["csv", "xlsx"]) == "csv"
    with pytest.raises(params.InvalidParameter, match="csv, xlsx"):
        params.choice(_q("format=pdf"), "format", ["csv", "xlsx"])
    with pytest.raises(params.InvalidParameter):
        params.flag(_q("live=ja"), "live")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/plans/1/goals/", "/plans/1/goals/"),
        ("//evil.example/", "/fallback/"),
        ("https://evil.example/", "/fallback/"),
        ("/\\evil.example/", "/fallback/"),
        ("/plans/1/\x00", "/fallback/"),
        ("relative/", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_it_follows_only_a_next_address_on_this_site(target: str, expected: str) -> None:
    request = RequestFactory().post("/x/", {"next": target})
    assert params.next_url(request, "/fallback/") == expected


@pytest.mark.django_db
def test_it_shows_the_message_of_a_parameter_it_cannot_use_and_leaves_other_bad_requests_to_django() -> None:
    request = RequestFactory().get("/plans/1/meetings/", {"year": "0"})
    request.user = type("Anonymous", (), {"is_authenticated": False})()

    ours = bad_request(request, params.InvalidParameter("year", "skal være et tal fra 1950 til 2100."))
    other = bad_request(request, BadRequest("Internal detail"))

    assert ours.status_code == other.status_code == 400
    assert "Adressens parameter »year« kan ikke bruges: skal være et tal fra 1950 til 2100." in ours.content.decode()
    assert "Internal detail" not in other.content.decode()
