"""An output measure's label: its unit in brackets, unless the name already says it."""

from __future__ import annotations

import pytest

from entydig.reports.models import OutputMeasure


@pytest.mark.parametrize(
    ("name", "unit", "label"),
    [
        ("Deltagende børn", "børn", "Deltagende børn"),
        ("Deltagende Børn", "børn", "Deltagende Børn"),
        ("Lektiecaféer", "gange", "Lektiecaféer (gange)"),
        ("Deltagere", "", "Deltagere"),
        ("Børnefamilier", "børn", "Børnefamilier (børn)"),  # a word containing the unit is not the unit
    ],
)
def test_the_label_does_not_repeat_the_unit(name: str, unit: str, label: str) -> None:
    assert OutputMeasure(name=name, unit=unit).label == label
