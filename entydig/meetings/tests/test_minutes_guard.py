"""The database guard on approved minutes (migration 0003): bulk writes, deletes and the admin cannot change them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.utils import timezone

from entydig.conftest import Cast
from entydig.meetings import services
from entydig.meetings.models import ActionItem, AgendaItem, Meeting, Minutes, MinutesAmendment, MinutesEntry
from entydig.meetings.tests.conftest import Meetings
from entydig.organisation.models import Plan


def _approved(meetings: Meetings, actor: Any = None) -> Minutes:
    minutes = Minutes.objects.get(meeting=meetings.past)
    return services.minutes_approve(actor=actor, minutes=minutes)


def _state(minutes: Minutes) -> tuple[Any, ...]:
    row = Minutes.objects.values_list("status", "notes", "approved_at", "approved_how", "row_version").get(
        pk=minutes.pk
    )
    entries = list(MinutesEntry.objects.filter(minutes=minutes).values_list("pk", "item_id", "discussion", "decision"))
    return row, entries


def _refused(write: Callable[[], Any]) -> None:
    # A savepoint keeps the test's transaction usable after the error on PostgreSQL.
    with pytest.raises(IntegrityError, match="approved minutes cannot be changed"), transaction.atomic():
        write()


def test_it_refuses_a_bulk_update_of_approved_minutes_and_changes_nothing(meetings: Meetings) -> None:
    minutes = _approved(meetings)
    before = _state(minutes)

    _refused(lambda: Minutes.objects.filter(pk=minutes.pk).update(notes="Omskrevet"))
    _refused(lambda: Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.DRAFT))
    _refused(lambda: Minutes.objects.filter(pk=minutes.pk).update(approved_at=timezone.now()))
    _refused(lambda: Minutes.objects.filter(pk=minutes.pk).update(row_version=99))

    assert _state(minutes) == before


def test_it_refuses_a_save_of_changed_approved_minutes_as_the_admin_would_do_it(meetings: Meetings) -> None:
    minutes = _approved(meetings)
    before = _state(minutes)
    minutes.notes = "Ændret i admin"

    _refused(minutes.save)

    assert _state(minutes) == before
    # Minutes are not in the admin at all; the guard holds for whatever saves a model instance.
    assert not admin.site.is_registered(Minutes)
    assert not admin.site.is_registered(MinutesEntry)


def test_it_refuses_bulk_updates_inserts_and_deletes_of_entries_of_approved_minutes(meetings: Meetings) -> None:
    minutes = _approved(meetings)
    before = _state(minutes)
    entries = MinutesEntry.objects.filter(minutes=minutes)
    other_item = AgendaItem.objects.create(meeting=meetings.past, title="Eftertilføjet", order=9)

    _refused(lambda: entries.update(decision="En anden beslutning"))
    _refused(lambda: entries.update(discussion=""))
    _refused(lambda: entries.update(item=other_item))
    _refused(lambda: MinutesEntry.objects.filter(pk=meetings.entry.pk).delete())
    _refused(lambda: MinutesEntry.objects.create(minutes=minutes, item=other_item, decision="Smuglet ind"))
    # Moving a draft's entry into approved minutes is adding to them.
    draft = Minutes.objects.create(meeting=meetings.upcoming)
    loose = MinutesEntry.objects.create(minutes=draft, item=meetings.item, decision="Udkast")
    _refused(lambda: MinutesEntry.objects.filter(pk=loose.pk).update(minutes=minutes))

    assert _state(minutes) == before
    assert MinutesEntry.objects.get(pk=loose.pk).minutes_id == draft.pk


def test_it_refuses_to_delete_approved_minutes_their_meeting_or_their_plan(cast: Cast, meetings: Meetings) -> None:
    minutes = _approved(meetings)
    before = _state(minutes)

    _refused(lambda: Minutes.objects.filter(pk=minutes.pk).delete())
    _refused(meetings.past.delete)
    _refused(lambda: AgendaItem.objects.filter(meeting=meetings.past).delete())
    _refused(lambda: Plan.objects.filter(pk=cast.plan.pk).delete())

    assert _state(minutes) == before
    assert Meeting.objects.filter(pk=meetings.past.pk).exists()
    assert Plan.objects.filter(pk=cast.plan.pk).exists()


def test_it_still_lets_drafts_be_changed_and_deleted(cast: Cast, meetings: Meetings) -> None:
    minutes = Minutes.objects.get(meeting=meetings.past)

    Minutes.objects.filter(pk=minutes.pk).update(notes="Rettet udkast")
    MinutesEntry.objects.filter(pk=meetings.entry.pk).update(decision="Ny beslutning")
    version = Minutes.objects.get(pk=minutes.pk).row_version
    entries = {meetings.entry.item_id: {"decision": "Igen"}}
    services.minutes_save(actor=None, meeting=meetings.past, entries=entries, expected_version=version)

    assert Minutes.objects.get(pk=minutes.pk).notes == "Rettet udkast"
    assert MinutesEntry.objects.get(pk=meetings.entry.pk).decision == "Igen"
    meetings.past.delete()
    assert not Minutes.objects.filter(pk=minutes.pk).exists()


def test_it_keeps_approval_amendments_and_action_follow_up_working(cast: Cast, meetings: Meetings) -> None:
    minutes = _approved(meetings, actor=cast.secretariat_user)
    before = _state(minutes)

    amendment = services.minutes_amend(actor=cast.secretariat_user, minutes=minutes, text="Rettelse", reason="Fejl")
    services.action_item_update(actor=cast.secretariat_user, action=meetings.action, status=ActionItem.Status.DONE)

    assert MinutesAmendment.objects.filter(pk=amendment.pk, minutes=minutes).exists()
    assert ActionItem.objects.get(pk=meetings.action.pk).status == ActionItem.Status.DONE
    assert _state(minutes) == before
    stored = Minutes.objects.get(pk=minutes.pk)
    assert stored.is_approved and stored.approved_by == cast.secretariat_user


def test_it_lets_the_user_who_approved_be_deleted_and_keeps_the_minutes(cast: Cast, meetings: Meetings) -> None:
    minutes = _approved(meetings, actor=cast.secretariat_user)
    before = _state(minutes)

    # The foreign key's SET_NULL is the one write to approved minutes the guard allows; another user is not.
    _refused(lambda: Minutes.objects.filter(pk=minutes.pk).update(approved_by=cast.board_user))
    cast.secretariat_user.delete()

    assert Minutes.objects.get(pk=minutes.pk).approved_by is None
    assert _state(minutes) == before


def test_it_answers_the_page_with_a_message_when_an_approved_item_is_deleted_or_gets_an_action(
    cast: Cast, meetings: Meetings
) -> None:
    minutes = _approved(meetings)
    before = _state(minutes)
    late_item = AgendaItem.objects.create(meeting=meetings.past, title="Punkt uden referat", order=5)
    client = cast.client("secretariat")
    p, m = cast.plan.pk, meetings.past.pk

    deleted = client.post(f"/plans/{p}/meetings/{m}/items/{meetings.entry.item_id}/delete/", follow=True)
    action = client.post(
        f"/plans/{p}/meetings/{m}/minutes/actions/",
        {"item": late_item.pk, "title": "Nyt", "responsible": meetings.responsible.pk, "due": "2030-01-01"},
        follow=True,
    )

    for response in (deleted, action):
        assert response.status_code == 200
        assert "Referatet er godkendt og kan ikke ændres" in response.content.decode()
    assert AgendaItem.objects.filter(pk=meetings.entry.item_id).exists()
    assert not ActionItem.objects.filter(title="Nyt").exists()
    assert _state(minutes) == before
