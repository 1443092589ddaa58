"""Portfolio fixtures over the shared cast: a portfolio of both plans read by a municipality's director."""

from __future__ import annotations

import pytest

from entydig.accounts.models import User
from entydig.conftest import Cast
from entydig.portfolio.models import Portfolio
from entydig.portfolio.services import portfolio_create


@pytest.fixture
def director(cast: Cast) -> User:
    return User.objects.create_user(username="direktor", password="pw-direktor", first_name="Dorte")


@pytest.fixture
def portfolio(cast: Cast, director: User) -> Portfolio:
    return portfolio_create(
        actor=None, name="Testby Kommunes planer", plans=[cast.plan, cast.other_plan], readers=[director]
    )
