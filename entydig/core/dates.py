"""The calendar years Entydig keeps: dates, periods and quarters outside them are refused everywhere.

Working-day counts, charts and period arithmetic need a finite range; no helhedsplan, register series or meeting
lies outside it.
"""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 1950, 2100
