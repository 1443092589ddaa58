"""The about page: the smallest logged-in page on the base layout."""

from __future__ import annotations

from django.test import Client
from pytest_django import DjangoAssertNumQueries

from entydig.conftest import Cast


def test_it_sends_anonymous_users_to_login(db: None) -> None:
    response = Client().get("/om")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_about_text_to_a_logged_in_user(
    cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = cast.client("outsider")
    with django_assert_max_num_queries(6):
        response = client.get("/om")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Om Entydig</h1>" in text
    assert "få, klare mål" in text
