"""The scale generator: same seed, same data; valid rows; plan 0 the same alone and among others."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from bench import generator
from entydig.meetings.models import ActionItem
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import Plan

T = TypeVar("T")

SMALL = generator.Scale(plans=2, areas=6, years=3, seed=7)


def _rolled_back(generate: Callable[[], object], read: Callable[[], T]) -> T:
    """Generates, reads, and takes the rows away again (approved minutes cannot be deleted, only rolled back)."""
    with transaction.atomic():
        generate()
        result = read()
        transaction.set_rollback(True)
    assert not Plan.objects.exists()
    return result


@pytest.mark.django_db
def test_it_writes_identical_rows_for_the_same_seed() -> None:
    first = _rolled_back(lambda: call_command("seed_scale", plans=2, areas=6, years=3, seed=7), generator.dump)
    call_command("seed_scale", plans=2, areas=6, years=3, seed=7)
    second = generator.dump()
    assert first == second
    assert len(first["monitoring.Measurement"]) == Measurement.objects.count() > 0
    assert len(first["meetings.ActionItem"]) == ActionItem.objects.count() > 0


@pytest.mark.django_db
def test_it_writes_different_rows_for_another_seed() -> None:
    first = _rolled_back(lambda: generator.generate(SMALL), generator.dump)
    generator.generate(generator.Scale(plans=2, areas=6, years=3, seed=8))
    second = generator.dump()
    assert first["monitoring.Measurement"] != second["monitoring.Measurement"]
    assert len(first["monitoring.Measurement"]) == len(second["monitoring.Measurement"])


@pytest.mark.django_db
def test_it_generates_plan_zero_alike_alone_and_among_others() -> None:
    alone = _rolled_back(
        lambda: generator.generate(SMALL, first=0, last=1),
        lambda: list(Measurement.objects.order_by("pk").values_list("period", "value", "n")),
    )
    generator.generate(SMALL)
    plan0 = Plan.objects.get(name=generator.plan_name(0))
    among = list(Measurement.objects.filter(indicator__plan=plan0).order_by("pk").values_list("period", "value", "n"))
    assert alone == among


@pytest.mark.django_db
def test_it_spreads_areas_and_series_as_asked() -> None:
    counts = generator.generate(SMALL)
    assert Plan.objects.filter(name__startswith=generator.PLAN_PREFIX).count() == 2
    assert sorted(p.areas.count() for p in Plan.objects.all()) == [3, 3]
    # Per plan: 10 yearly and 8 quarterly indicators, each for 3 areas and 3 reference series over 3 years; and
    # the 6 list inputs for each of the 3 areas, with the national share convicted, over the same 3 years.
    assert counts.rows["Measurement"] == 2 * (10 * 3 + 8 * 12) * (3 + 3) + 2 * (6 * 3 * 3 + 3)
    assert Indicator.objects.filter(catalogue__code="liste-domte").count() == 2
    assert Measurement.objects.filter(series="national", area__isnull=True).exists()
    assert Measurement.objects.filter(n__lt=5).exists()  # something for suppression to hide


@pytest.mark.django_db
def test_it_refuses_to_generate_twice_into_one_database() -> None:
    call_command("seed_scale", plans=1, areas=1, years=1)
    with pytest.raises(CommandError, match="allerede skaladata"):
        call_command("seed_scale", plans=1, areas=1, years=1)
    assert Plan.objects.count() == 1
