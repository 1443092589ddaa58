"""`POST /api/v1/lists/classify`: the list criteria calculator, for anyone logged in to check the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, get_args

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import field_validator

from entydig.catalogue.lists.classify import ListResult, TierResult, classify, margin_text
from entydig.catalogue.lists.rules import CRITERIA, RULESETS, STATUSES
from entydig.core.api import READ_ERRORS, CalendarYear, InputSchema, field_error

router = Router(tags=["lists"])

Status = Literal[
    "none", "udsat", "ghetto", "haardt_ghetto", "parallelsamfund", "omdannelsesomraade", "forebyggelsesomraade"
]
assert set(get_args(Status)) == set(STATUSES)

Share = Decimal | None


class HistoryIn(InputSchema):
    list_year: CalendarYear
    status: Status = Field(description="Områdets status på listen det år")


class ClassifyIn(InputSchema):
    ruleset: Literal["2010", "2013", "2018", "2021"] = Field(description="Reglerne listen opgøres efter")
    list_year: CalendarYear = Field(description="Listens år (listen offentliggøres 1. december)")
    residents: int | None = Field(None, ge=0, le=1_000_000, description="Antal beboere")
    pct_nonwestern: Share = Field(None, ge=0, le=100, description="Andel indvandrere og efterkommere, ikke-vestlige")
    pct_outside_labour_edu: Share = Field(
        None, ge=0, le=100, description="Andel 18-64-årige uden for arbejdsmarked og uddannelse (2-års gennemsnit)"
    )
    pct_convicted: Share = Field(None, ge=0, le=100, description="Andel dømte (2-års gennemsnit; 2010: 4 år)")
    national_pct_convicted: Share = Field(
        None, gt=0, le=100, description="Landsgennemsnittet af andelen dømte (2018-reglerne og senere)"
    )
    pct_basic_edu: Share = Field(None, ge=0, le=100, description="Andel 30-59-årige med alene grundskole")
    income_pct_of_region: Share = Field(
        None, ge=0, le=1000, description="Gennemsnitlig bruttoindkomst i procent af regionens"
    )
    history: list[HistoryIn] = Field(default_factory=list, description="Områdets status på tidligere lister")

    @field_validator("history")
    @classmethod
    def _one_status_a_year(cls, value: list[HistoryIn]) -> list[HistoryIn]:
        years = [h.list_year for h in value]
        repeated = sorted({y for y in years if years.count(y) > 1})
        if repeated:
            raise field_error(_("Et år står flere gange: %(years)s") % {"years": ", ".join(map(str, repeated))})
        return value


class CriteriaOut(Schema):
    nonwestern: bool | None
    labour: bool | None
    crime: bool | None
    education: bool | None
    income: bool | None


class NumbersOut(Schema):
    nonwestern: Decimal | None
    labour: Decimal | None
    crime: Decimal | None
    education: Decimal | None
    income: Decimal | None


class TextsOut(Schema):
    nonwestern: str
    labour: str
    crime: str
    education: str
    income: str


class TierOut(Schema):
    status: str
    criteria: CriteriaOut
    criteria_met: int
    margins: NumbersOut
    margin_texts: TextsOut
    thresholds: NumbersOut


class ClassifyOut(Schema):
    ruleset: str
    list_year: int
    criteria: CriteriaOut = Field(
        description="Opfyldt, ikke opfyldt, eller null (en værdi mangler, eller reglerne har ikke kriteriet)"
    )
    criteria_met: int = Field(description="Opfyldte kriterier af dem der tælles (2018-: de fire sociale)")
    status: Status | None = Field(description="null: status afhænger af en værdi der mangler")
    margins: NumbersOut = Field(description="Procentpoint til grænsen (> 0) eller over den (<= 0)")
    margin_texts: TextsOut
    thresholds: NumbersOut
    years_on_list: int = Field(description="År i træk på ghetto-/parallelsamfundslisten før dette år")
    prevention: TierOut | None = Field(description="2021: kriterierne for forebyggelsesområde (§ 61 b)")
    unconfirmed: list[str] = Field(description="Tal i reglerne som ikke er bekræftet af en kilde")


def _texts(criteria: dict[str, bool | None], margins: dict[str, Decimal | None]) -> dict[str, str]:
    return {name: margin_text(criteria[name], margins[name]) for name in CRITERIA}


def _tier_out(tier: TierResult) -> TierOut:
    return TierOut(
        status=tier.status,
        criteria=CriteriaOut(**tier.criteria),
        criteria_met=tier.criteria_met,
        margins=NumbersOut(**tier.margins),
        margin_texts=TextsOut(**_texts(tier.criteria, tier.margins)),
        thresholds=NumbersOut(**tier.thresholds),
    )


def result_out(result: ListResult) -> ClassifyOut:
    return ClassifyOut(
        ruleset=result.ruleset,
        list_year=result.list_year,
        criteria=CriteriaOut(**result.criteria),
        criteria_met=result.criteria_met,
        status=result.status,  # type: ignore[arg-type]  # a str; pydantic checks it against Status
        margins=NumbersOut(**result.margins),
        margin_texts=TextsOut(**_texts(result.criteria, result.margins)),
        thresholds=NumbersOut(**result.thresholds),
        years_on_list=result.years_on_list,
        prevention=_tier_out(result.prevention) if result.prevention else None,
        unconfirmed=result.unconfirmed,
    )


@router.post(
    "/lists/classify",
    response={200: ClassifyOut, **READ_ERRORS},
    summary="Beregn et boligområdes listestatus (almenboligloven § 61 a og § 61 b)",
)
def classify_area(request: HttpRequest, payload: ClassifyIn) -> ClassifyOut:
    """The criteria, margins and status under a rule set; reads and writes nothing but the answer."""
    assert payload.ruleset in RULESETS
    result = classify(
        payload.ruleset,
        payload.list_year,
        residents=payload.residents,
        pct_nonwestern=payload.pct_nonwestern,
        pct_outside_labour_edu=payload.pct_outside_labour_edu,
        pct_convicted=payload.pct_convicted,
        national_pct_convicted=payload.national_pct_convicted,
        pct_basic_edu=payload.pct_basic_edu,
        income_pct_of_region=payload.income_pct_of_region,
        history=[(h.list_year, h.status) for h in payload.history],
    )
    return result_out(result)
