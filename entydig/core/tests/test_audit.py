"""Audit records: keyed on the model's label, read in the reader's language, and each one replaces the data stamp."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from entydig.conftest import Cast
from entydig.core.audit import audit_record
from entydig.core.models import AuditEvent
from entydig.core.stamps import stamp
from entydig.monitoring import services as monitoring
from entydig.organisation import services as organisation


def test_it_keys_a_record_on_the_model_label_whatever_the_writers_language(cast: Cast) -> None:
    indicator = monitoring.indicator_create(actor=None, plan=cast.plan, code="tryg", name="Tryghed")
    with translation.override("en"):
        monitoring.measurement_save(actor=None, indicator=indicator, series="plan", period="2024", value=Decimal(1))
    monitoring.measurement_save(actor=None, indicator=indicator, series="plan", period="2025", value=Decimal(2))
    types = set(AuditEvent.objects.filter(object_repr__contains="202").values_list("object_type", flat=True))
    assert types == {"monitoring.measurement"}


def test_it_shows_the_log_in_the_readers_language(cast: Cast) -> None:
    organisation.area_create(actor=None, plan=cast.plan, name="Nordby", code="nordby", residents=100)
    client = cast.client("secretariat")
    danish = client.get(f"/plans/{cast.plan.pk}/log/").content.decode()
    assert "Boligområde: Nordby" in danish and "Antal beboere" in danish
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/plans/{cast.plan.pk}/log/").content.decode()
    assert "Housing area: Nordby" in english and "Number of residents" in english


def test_it_replaces_the_plans_stamp_with_every_record_and_only_the_plans(cast: Cast) -> None:
    mine, theirs = stamp(cast.plan.pk), stamp(cast.other_plan.pk)
    audit_record(actor=None, action=AuditEvent.Action.UPDATE, obj=cast.activity, plan=cast.plan)
    assert stamp(cast.plan.pk) != mine and stamp(cast.other_plan.pk) == theirs


def test_it_keeps_the_stamp_for_a_record_of_a_write_that_changed_nothing(cast: Cast) -> None:
    before = stamp(cast.plan.pk)
    audit_record(actor=None, action=AuditEvent.Action.IMPORT, obj=cast.plan, plan=cast.plan, changes_data=False)
    assert stamp(cast.plan.pk) == before


def test_it_replaces_every_plans_stamp_for_a_write_to_shared_data(cast: Cast) -> None:
    mine, theirs = stamp(cast.plan.pk), stamp(cast.other_plan.pk)
    audit_record(actor=None, action=AuditEvent.Action.UPDATE, obj=cast.municipality)
    assert stamp(cast.plan.pk) != mine and stamp(cast.other_plan.pk) != theirs


def test_it_labels_choices_and_extra_names_instead_of_stored_values(cast: Cast) -> None:
    audit_record(
        actor=None,
        action=AuditEvent.Action.UPDATE,
        obj=cast.plan,
        plan=cast.plan,
        changes={"status": ["preparation", "active"], "file": "tal.csv"},
    )
    page = cast.client("secretariat").get(f"/plans/{cast.plan.pk}/log/").content.decode()
    assert "<strong>Fil</strong>: – → tal.csv" in page
    assert "Under forberedelse → Aktiv" in page
    assert "preparation" not in page and "active →" not in page
