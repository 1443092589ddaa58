"""Dispatch, versions, approval locks, follow-up carry-over, conflicts, uploads and suggestions end to end."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pytest_django import Settings

from entydig.conftest import Cast
from entydig.core.errors import ConflictError
from entydig.goals.models import Goal
from entydig.meetings import services, suggestions
from entydig.meetings.models import ActionItem, AgendaDispatch, AgendaItem, Attachment, Meeting, Minutes
from entydig.meetings.selectors import agenda_document, annual_plan, follow_up_actions, plan_advice
from entydig.meetings.suggestions import balance_advice, suggestions_for
from entydig.meetings.tests.conftest import Meetings, at
from entydig.organisation import services as org_services
from entydig.organisation.models import Body

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_it_dispatches_the_agenda_to_members_and_guests_with_the_pdf(cast: Cast, meetings: Meetings) -> None:
    assert cast.steering_user.person is not None
    meeting = meetings.upcoming
    services.meeting_guest_add(actor=None, meeting=meeting, person=cast.steering_user.person, reason="til punkt 2")
    sent = services.agenda_dispatch(actor=cast.secretariat_user, meeting=meeting, base_url="https://entydig.test/")
    recipients = sorted(r.email for r in sent.recipients.all())
    assert recipients == ["bo-bestyrelse@example.dk", "stine-styregruppe@example.dk"]
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject == "Dagsorden: Bestyrelsesmøde"
    assert f"https://entydig.test/plans/{cast.plan.pk}/meetings/{meeting.pk}/" in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert sent.version == 1 and sent.content["items"][-1]["title"] == "Prioritering af midler"
    with pytest.raises(ValidationError, match="allerede udsendt"):
        services.agenda_dispatch(actor=None, meeting=meeting, base_url="https://entydig.test/")
    assert AgendaDispatch.objects.filter(meeting=meeting).count() == 1


def test_it_makes_a_new_marked_version_when_the_agenda_changes_after_dispatch(cast: Cast, meetings: Meetings) -> None:
    meeting = meetings.upcoming
    services.agenda_dispatch(actor=None, meeting=meeting, base_url="https://x.test/")
    services.agenda_item_update(actor=None, item=meetings.item, proposal="At flytte 200.000 kr.")
    meeting.refresh_from_db()
    assert meeting.agenda_version == 2 and meeting.changed_after_dispatch
    doc = agenda_document(meeting)
    changed = [i["title"] for i in doc["items"] if i["changed"]]
    assert changed == ["Prioritering af midler"]
    # The first dispatch stays frozen.
    assert meeting.dispatches.get(version=1).content["items"][-1]["proposal"] == "At flytte 100.000 kr."
    page = cast.client("board").get(meeting.get_absolute_url()).content.decode()
    assert "Ændret efter udsendelse" in page and "Version 2 ikke udsendt" in page
    mail.outbox.clear()
    services.agenda_dispatch(actor=None, meeting=meeting, base_url="https://x.test/")
    assert mail.outbox[0].subject.startswith("Rettet dagsorden")
    meeting.refresh_from_db()
    assert not meeting.changed_after_dispatch
    assert meeting.dispatches.get(version=2).content["items"][-1]["proposal"] == "At flytte 200.000 kr."


def test_it_locks_approved_minutes_and_records_amendments(cast: Cast, meetings: Meetings) -> None:
    minutes = Minutes.objects.get(meeting=meetings.past)
    services.minutes_approve(actor=cast.secretariat_user, minutes=minutes, how=Minutes.ApprovedHow.CHAIR)
    item_id = meetings.entry.item_id
    with pytest.raises(ValidationError, match="godkendt og kan ikke ændres"):
        services.minutes_save(actor=None, meeting=meetings.past, entries={item_id: {"decision": "Lukkes"}})
    with pytest.raises(ValidationError, match="godkendt"):
        services.action_item_create(
            actor=None, entry=meetings.entry, title="Ny", responsible=meetings.responsible, due=timezone.localdate()
        )
    meetings.entry.refresh_from_db()
    assert meetings.entry.decision == "Fortsætter"
    amendment = services.minutes_amend(
        actor=cast.secretariat_user, minutes=minutes, text="Beslutningen gælder til 2027", reason="Formanden rettede"
    )
    assert amendment.created_by == cast.secretariat_user and amendment.created_at is not None
    with pytest.raises(ValidationError, match="begrundelsen"):
        services.minutes_amend(actor=None, minutes=minutes, text="x", reason=" ")


def test_it_carries_open_action_items_onto_the_bodys_next_agenda(cast: Cast, meetings: Meetings) -> None:
    follow = meetings.upcoming.items.get(kind=AgendaItem.Kind.FOLLOW_UP)
    assert follow.order == 0
    assert [a.title for a in follow_up_actions(meetings.upcoming)] == ["Skaf lokaler"]
    page = cast.client("board").get(meetings.upcoming.get_absolute_url()).content.decode()
    assert "Opfølgning på handlingspunkter" in page and "Skaf lokaler" in page and "Over fristen" in page
    services.action_item_update(actor=cast.staff_user, action=meetings.action, status=ActionItem.Status.DONE)
    assert follow_up_actions(meetings.upcoming) == []
    # A steering group's meeting gets none of the board's actions.
    group_meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=at(10))
    assert not group_meeting.items.exists()


def test_it_refuses_a_stale_edit_and_keeps_the_first(cast: Cast, meetings: Meetings) -> None:
    item = meetings.item
    services.agenda_item_update(actor=None, item=item, expected_version=1, title="Første")
    stale = AgendaItem.objects.get(pk=item.pk)
    stale.row_version = 1
    with pytest.raises(ConflictError):
        services.agenda_item_update(actor=None, item=stale, expected_version=1, title="Anden")
    assert AgendaItem.objects.get(pk=item.pk).title == "Første"
    minutes = Minutes.objects.get(meeting=meetings.past)
    with pytest.raises(ConflictError):
        services.minutes_save(
            actor=None, meeting=meetings.past, entries={}, notes="x", expected_version=minutes.row_version - 1
        )
    assert Minutes.objects.get(pk=minutes.pk).notes == ""


def test_it_stores_attachments_by_content_and_refuses_forged_and_oversized_files(
    cast: Cast, meetings: Meetings, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    ok = services.attachment_add(actor=None, item=meetings.item, file=SimpleUploadedFile("notat.pdf", PDF))
    word = services.attachment_add(actor=None, item=meetings.item, file=SimpleUploadedFile("x.bin", docx_bytes()))
    assert (ok.file_type, word.file_type) == ("pdf", "docx")
    assert ok.file.name is not None
    assert not ok.file.name.endswith(".pdf")  # stored under a random name
    forged = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError, match="ikke en tilladt filtype"):
        services.attachment_add(actor=None, item=meetings.item, file=forged)
    zip_not_office = io.BytesIO()
    with zipfile.ZipFile(zip_not_office, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    with pytest.raises(ValidationError, match="ikke en tilladt filtype"):
        services.attachment_add(
            actor=None, item=meetings.item, file=SimpleUploadedFile("a.docx", zip_not_office.getvalue())
        )
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError, match="for stor"):
        services.attachment_add(actor=None, item=meetings.item, file=big)
    assert Attachment.objects.count() == 2
    assert len(list((tmp_path / "meetings" / str(meetings.upcoming.pk)).iterdir())) == 2


def test_it_suggests_items_with_reasons_and_adds_one_once(cast: Cast, meetings: Meetings) -> None:
    found = suggestions_for(meetings.upcoming)
    overdue = [s for s in found if s.key == f"overdue:{meetings.responsible.pk}"]
    assert overdue and overdue[0].kind == AgendaItem.Kind.COOPERATION
    assert "over fristen" in overdue[0].reason and "samarbejdsspørgsmål" in overdue[0].reason
    item = services.suggestion_add(actor=None, meeting=meetings.upcoming, key=overdue[0].key)
    assert item.kind == AgendaItem.Kind.COOPERATION and item.suggestion_key == overdue[0].key
    assert all(s.key != overdue[0].key for s in suggestions_for(meetings.upcoming))
    with pytest.raises(ValidationError):
        services.suggestion_add(actor=None, meeting=meetings.upcoming, key=overdue[0].key)
    group_meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=at(10))
    assert suggestions_for(group_meeting) == []


def test_it_suggests_a_strategic_question_for_a_goal_off_track(
    cast: Cast, meetings: Meetings, monkeypatch: pytest.MonkeyPatch
) -> None:
    goal = Goal.objects.create(plan=cast.plan, level=Goal.Level.STRATEGIC, title="Flere unge i uddannelse")
    rollup = SimpleNamespace(
        status=SimpleNamespace(value="off_track", label="Ude af kurs"), reason="Grunden.", driving=()
    )
    view = SimpleNamespace(goal=goal, rollup=rollup, indicators=[], sub_goals=[])
    monkeypatch.setattr("entydig.goals.selectors.goal_views", lambda plan: [view])
    found = list(suggestions.goals_off_track(meetings.upcoming, timezone.localdate()))
    assert found[0].key == f"goal:{goal.pk}" and found[0].kind == AgendaItem.Kind.STRATEGIC
    assert "ude af kurs" in found[0].reason
    item = services.suggestion_add(actor=None, meeting=meetings.upcoming, key=f"goal:{goal.pk}")
    assert list(item.goals.all()) == [goal]


def test_it_advises_on_balance_when_few_items_ask_the_board_to_act(meetings: Meetings) -> None:
    meeting = meetings.upcoming
    assert balance_advice(list(meeting.items.all())) is None
    for title in ("Status 1", "Status 2"):
        services.agenda_item_create(actor=None, meeting=meeting, title=title, kind=AgendaItem.Kind.ORIENTATION)
    advice = balance_advice(list(meeting.items.all()))
    assert advice is not None and "Kun 1 af 3 punkter" in advice


def _local(year: int, month: int, day: int, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def _pre_meeting_findings(cast: Cast, year: int) -> list[str]:
    return [a for a in plan_advice(cast.plan, year, annual_plan(cast.plan, year)) if "intet formøde" in a]


def test_it_advises_on_too_few_board_meetings(cast: Cast) -> None:
    services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=_local(2027, 3, 2))
    assert any("kun 1 møde i 2027" in a for a in plan_advice(cast.plan, 2027, annual_plan(cast.plan, 2027)))
    assert any("kun 0 møder i 2030" in a for a in plan_advice(cast.plan, 2030, annual_plan(cast.plan, 2030)))
    services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=_local(2027, 9, 2))
    assert not any("kun" in a for a in plan_advice(cast.plan, 2027, annual_plan(cast.plan, 2027)))


def test_it_finds_a_pre_meeting_in_december_before_a_board_meeting_in_january(cast: Cast) -> None:
    pre = org_services.body_create(
        actor=None, plan=cast.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Formøde", party=cast.municipality
    )
    services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=_local(2026, 9, 15))
    services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=_local(2027, 1, 6))
    (finding,) = _pre_meeting_findings(cast, 2027)
    assert "06.01.2027" in finding and "Testby Kommune" in finding
    services.meeting_create(
        actor=None, plan=cast.plan, body=pre, kind=Meeting.Kind.PRE_MEETING, start=_local(2026, 12, 30)
    )
    assert _pre_meeting_findings(cast, 2027) == []
    # A pre-meeting held before the previous board meeting does not count for the next one.
    services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=_local(2027, 5, 4))
    (finding,) = _pre_meeting_findings(cast, 2027)
    assert "04.05.2027" in finding


def test_it_checks_each_party_with_a_pre_meeting_group_and_names_the_one_that_lacks_a_pre_meeting(
    cast: Cast,
) -> None:
    municipal = org_services.body_create(
        actor=None, plan=cast.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Tværforvaltning", party=cast.municipality
    )
    board_meeting = services.meeting_create(actor=None, plan=cast.plan, body=cast.board, start=_local(2027, 3, 2))
    services.meeting_create(
        actor=None, plan=cast.plan, body=municipal, kind=Meeting.Kind.PRE_MEETING, start=_local(2027, 2, 20)
    )
    assert _pre_meeting_findings(cast, 2027) == []  # a party without a pre-meeting group is not checked
    housing = org_services.body_create(
        actor=None, plan=cast.plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Boligforum", party=cast.housing
    )
    (finding,) = _pre_meeting_findings(cast, 2027)
    assert "Testbo" in finding and "Testby Kommune" not in finding
    services.meeting_create(
        actor=None, plan=cast.plan, body=housing, kind=Meeting.Kind.PRE_MEETING, start=_local(2027, 2, 25)
    )
    assert _pre_meeting_findings(cast, 2027) == []
    # A joint working session with the steering groups needs no pre-meeting.
    services.meeting_update(actor=None, meeting=board_meeting, kind=Meeting.Kind.JOINT)
    services.meeting_create(
        actor=None, plan=cast.plan, body=cast.board, start=_local(2027, 9, 1), kind=Meeting.Kind.JOINT
    )
    assert _pre_meeting_findings(cast, 2027) == []


def test_it_refuses_a_body_of_another_plan(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.meeting_create(actor=None, plan=cast.plan, body=cast.other_group, start=at(5))
    assert not Meeting.objects.exists()
