"""Monitoring endpoints of the REST API: indicators with status, measurements (suppressed on the way out), import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from entydig.core.api import CONFLICT_ERRORS, READ_ERRORS, WRITE_ERRORS, InputSchema, ValidationErrorOut, api_user, fits
from entydig.core.periods import parse_period
from entydig.core.suppression import hidden_totals, public_measurement_dict
from entydig.monitoring import selectors, services
from entydig.monitoring.access import indicator_for_user_any_plan
from entydig.monitoring.importing import ImportRejected, import_measurements
from entydig.monitoring.models import Indicator, Measurement
from entydig.monitoring.status import IndicatorStatus, indicator_statuses
from entydig.organisation.access import plan_for_user
from entydig.organisation.models import Area

router = Router(tags=["monitoring"])


# --- Schemas --------------------------------------------------------------------------------------------------


class StatusOut(Schema):
    status: str
    label: str
    reason: str
    latest_value: float | None
    latest_period: str | None
    baseline_value: float | None
    target_value: float | None
    change_since_baseline: float | None
    progress: float | None
    projection: float | None
    series: str


class MilestoneOut(Schema):
    period: str
    value: float


class IndicatorOut(Schema):
    id: int
    plan_id: int
    catalogue_code: str | None = Field(description="Koden i det nationale indikatorkatalog; null for planens egne")
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    source: str
    frequency: str
    decimals: int
    suppression_threshold: int
    baseline_value: float | None
    baseline_period: str
    target_value: float | None
    target_period: str
    goal_ids: list[int]
    status: StatusOut


class IndicatorDetailOut(IndicatorOut):
    milestones: list[MilestoneOut]


class MeasurementOut(Schema):
    id: int
    series: str
    area_id: int | None
    area_code: str | None
    period: str
    period_start: dt.date
    value: float | None
    suppressed: bool
    n: int | None
    numerator: float | None
    denominator: float | None
    source_note: str
    note: str
    updated_at: dt.datetime


class MeasurementIn(InputSchema):
    series: Measurement.Series = Measurement.Series.AREA
    area: str | None = None
    period: str
    value: Annotated[float, fits(Measurement._meta.get_field("value"))] | None = None
    n: int | None = None
    numerator: Annotated[float, fits(Measurement._meta.get_field("numerator"))] | None = None
    denominator: Annotated[float, fits(Measurement._meta.get_field("denominator"))] | None = None
    suppressed: bool = False
    source_note: str = ""
    note: str = ""


class PlanAreaOut(Schema):
    """Not `AreaOut`: OpenAPI names components by class, and the organisation API has its own `AreaOut`."""

    id: int
    name: str
    code: str
    residents: int | None


class ImportErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    dry_run: bool
    ok: bool
    rows: int
    new: int
    changed: int
    unchanged: int
    summary: str
    errors: list[ImportErrorOut]
    error_count: int


class ImportRejectedOut(ImportOut):
    detail: list[dict[str, Any]]


# --- Helpers --------------------------------------------------------------------------------------------------


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _status_out(status: IndicatorStatus) -> dict[str, Any]:
    return {
        "status": status.status,
        "label": status.label,
        "reason": status.reason,
        "latest_value": _float(status.latest_value),
        "latest_period": status.latest_period,
        "baseline_value": _float(status.baseline_value),
        "target_value": _float(status.target_value),
        "change_since_baseline": _float(status.change_since_baseline),
        "progress": status.progress,
        "projection": _float(status.projection),
        "series": status.series,
    }


def _indicator_out(indicator: Indicator, status: IndicatorStatus) -> dict[str, Any]:
    return {
        "id": indicator.pk,
        "plan_id": indicator.plan_id,
        "catalogue_code": indicator.catalogue.code if indicator.catalogue else None,
        "code": indicator.code,
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "source": indicator.source,
        "frequency": indicator.frequency,
        "decimals": indicator.decimals,
        "suppression_threshold": indicator.suppression_threshold,
        "baseline_value": _float(indicator.baseline_value),
        "baseline_period": indicator.baseline_period,
        "target_value": _float(indicator.target_value),
        "target_period": indicator.target_period,
        "goal_ids": [g.pk for g in indicator.goals.all()],
        "status": _status_out(status),
    }


def _measurement_out(m: Measurement, indicator: Indicator, hidden: set[int]) -> dict[str, Any]:
    """The measurement as it may leave the database; `hidden` holds the ids secondary suppression hides."""
    shown = public_measurement_dict(m, indicator, hidden=m.pk in hidden)
    return {
        "id": m.pk,
        "series": m.series,
        "area_id": m.area_id,
        "area_code": m.area.code if m.area else None,
        "period": m.period,
        "period_start": m.period_start,
        "value": _float(shown["value"]),
        "suppressed": shown["suppressed"],
        "n": shown["n"],
        "numerator": _float(shown["numerator"]),
        "denominator": _float(shown["denominator"]),
        "source_note": m.source_note,
        "note": m.note,
        "updated_at": m.updated_at,
    }


def _measurements_out(indicator: Indicator) -> dict[int, dict[str, Any]]:
    measurements = selectors.indicator_measurements(indicator)
    hidden = hidden_totals(measurements, indicator)
    return {m.pk: _measurement_out(m, indicator, hidden) for m in measurements}


# --- Endpoints ------------------------------------------------------------------------------------------------


@router.get(
    "/plans/{plan_id}/indicators",
    response={200: list[IndicatorOut], **READ_ERRORS},
    summary="Planens indikatorer med status / The plan's indicators with status",
)
def list_indicators(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    access = plan_for_user(api_user(request), plan_id)
    indicators = list(selectors.plan_indicators(access.plan))
    statuses = indicator_statuses(indicators)
    return [_indicator_out(i, statuses[i.pk]) for i in indicators]


@router.get(
    "/indicators/{indicator_id}",
    response={200: IndicatorDetailOut, **READ_ERRORS},
    summary="En indikator / One indicator",
)
def get_indicator(request: HttpRequest, indicator_id: int) -> dict[str, Any]:
    _access, indicator = indicator_for_user_any_plan(api_user(request), indicator_id)
    measurements = selectors.indicator_measurements(indicator)
    status = selectors.indicator_detail_status(indicator, measurements)
    out = _indicator_out(indicator, status)
    out["milestones"] = [{"period": m.period, "value": float(m.value)} for m in indicator.milestones.all()]
    return out


@router.get(
    "/indicators/{indicator_id}/measurements",
    response={200: list[MeasurementOut], **READ_ERRORS},
    summary="Indikatorens målinger (diskretionerede uden værdi) / Measurements (suppressed without value)",
)
def list_measurements(request: HttpRequest, indicator_id: int) -> list[dict[str, Any]]:
    _access, indicator = indicator_for_user_any_plan(api_user(request), indicator_id)
    return list(_measurements_out(indicator).values())


@router.post(
    "/indicators/{indicator_id}/measurements",
    response={200: MeasurementOut, 201: MeasurementOut, **WRITE_ERRORS},
    summary="Gem en måling; erstatter samme område og periode (sekretariatet) / Save a measurement (secretariat)",
)
def save_measurement(request: HttpRequest, indicator_id: int, payload: MeasurementIn) -> Status[Any]:
    user = api_user(request)
    _access, indicator = indicator_for_user_any_plan(user, indicator_id, write=True)
    area = None
    if payload.series == Measurement.Series.AREA:
        area = Area.objects.filter(plan_id=indicator.plan_id, code__iexact=payload.area or "").first()
        if area is None:
            raise ValidationError({"area": ["Ukendt boligområde i planen"]})
    period = parse_period(payload.period).canonical
    existed = Measurement.objects.filter(indicator=indicator, series=payload.series, area=area, period=period).exists()
    measurement = services.measurement_save(
        actor=user,
        indicator=indicator,
        series=payload.series,
        area=area,
        period=period,
        value=None if payload.value is None else _decimal(payload.value),
        n=payload.n,
        numerator=None if payload.numerator is None else _decimal(payload.numerator),
        denominator=None if payload.denominator is None else _decimal(payload.denominator),
        suppressed=payload.suppressed,
        source_note=payload.source_note,
        note=payload.note,
    )
    return Status(200 if existed else 201, _measurements_out(indicator)[measurement.pk])


def _decimal(value: float) -> Any:

    return Decimal(repr(value)).quantize(Decimal("0.0001"))


@router.get(
    "/plans/{plan_id}/areas",
    response={200: list[PlanAreaOut], **READ_ERRORS},
    summary="Planens boligområder / The plan's areas",
)
def list_areas(request: HttpRequest, plan_id: int) -> list[Area]:
    access = plan_for_user(api_user(request), plan_id)
    return list(Area.objects.filter(plan=access.plan).order_by("name"))


@router.post(
    "/plans/{plan_id}/measurements/import",
    # 422: the file's rows were refused (ImportRejectedOut), or the form itself is invalid, e.g. no file.
    # 409: someone else saved the same measurements while the file was being imported; nothing was stored.
    response={200: ImportOut, **CONFLICT_ERRORS, 422: ImportRejectedOut | ValidationErrorOut},
    summary="Importér målinger fra CSV/XLSX, alt eller intet (sekretariatet) / Import measurements, all or nothing",
)
def import_file(
    request: HttpRequest,
    plan_id: int,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    indicator: Form[str] = "",
) -> Status[Any]:
    user = api_user(request)
    access = plan_for_user(user, plan_id, write=True)
    dry = dry_run or request.GET.get("dry_run", "").lower() in ("1", "true", "yes", "ja")
    try:
        result = import_measurements(
            actor=user, plan=access.plan, data=file, filename=file.name or "", dry_run=dry, indicator=indicator
        )
    except ImportRejected as error:
        body = {
            "dry_run": dry,
            "ok": False,
            "rows": 0,
            "new": 0,
            "changed": 0,
            "unchanged": 0,
            "summary": str(error),
            "errors": [{"row": 0, "column": "", "message": str(error)}],
            "error_count": 1,
            "detail": [{"loc": ["file"], "msg": str(error)}],
        }
        return Status(422, body)
    out = result.as_dict()
    if not result.ok:
        out["detail"] = [{"loc": ["file", e.row, e.column], "msg": str(e)} for e in result.errors]
        return Status(422, out)
    return Status(200, out)
