"""The meetings' rules through both edges: the page's form and the API refuse the same input on the same field and
change nothing, and both accept the input that keeps the rule.

The people an item or an action item may name are the plan's (`plan_people`): the service refuses anyone else, and the
page's forms offer no one else, so the page refuses a crafted choice before the service is asked.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from entydig.conftest import Cast
from entydig.core.models import AuditEvent
from entydig.core.tests.edges import api_call, api_client, api_errors, page_errors, shown
from entydig.meetings import services
from entydig.meetings.models import ActionItem, AgendaItem, Meeting
from entydig.meetings.tests.conftest import Meetings, at
from entydig.organisation.models import Person


def _not_offered() -> str:
    """The form's answer to a choice it does not offer (Django's own message, in the page's language)."""
    return str(forms.ModelChoiceField.default_error_messages["invalid_choice"])


def _state() -> tuple[object, ...]:
    """What a refused item or action item write could have changed."""
    return (
        list(AgendaItem.objects.values_list("pk", "title", "kind", "presenter_id", "owner_id").order_by("pk")),
        list(ActionItem.objects.values_list("pk", "title", "responsible_id", "row_version").order_by("pk")),
        AuditEvent.objects.count(),
    )


def _people(cast: Cast) -> tuple[Person, Person]:
    """A person of the other plan only, and a member of the plan's board."""
    member = cast.board_user.person
    assert member is not None
    return Person.objects.get(name="Otto Udenfor"), member


def test_it_takes_an_items_presenter_and_material_owner_from_the_plans_people_on_both_edges(
    cast: Cast, meetings: Meetings
) -> None:
    stranger, member = _people(cast)
    meeting = meetings.upcoming
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url = reverse("meetings:item_new", args=[cast.plan.pk, meeting.pk])
    path = f"/meetings/{meeting.pk}/agenda-items"
    before = _state()

    form = {"title": "Oplæg", "kind": AgendaItem.Kind.ORIENTATION}
    refused = page.post(url, {**form, "presenter": stranger.pk, "owner": stranger.pk})
    assert page_errors(refused) == {"presenter": _not_offered(), "owner": _not_offered()}
    answer = api_call(api, "post", path, {"title": "Oplæg", "presenter_id": stranger.pk, "owner_id": stranger.pk})
    assert api_errors(answer) == {
        "presenter_id": "Otto Udenfor hører ikke til helhedsplanen.",
        "owner_id": "Otto Udenfor hører ikke til helhedsplanen.",
    }
    # One stranger among the plan's people is refused on its own field.
    answer = api_call(api, "post", path, {"title": "Oplæg", "presenter_id": member.pk, "owner_id": stranger.pk})
    assert api_errors(answer) == {"owner_id": "Otto Udenfor hører ikke til helhedsplanen."}
    assert _state() == before

    accepted = page.post(url, {**form, "title": "Oplæg fra siden", "presenter": member.pk, "owner": member.pk})
    assert accepted.status_code == 302
    answer = api_call(api, "post", path, {"title": "Oplæg fra API", "presenter_id": member.pk, "owner_id": member.pk})
    assert answer.status_code == 201
    items = AgendaItem.objects.filter(meeting=meeting, title__startswith="Oplæg fra").order_by("title")
    assert [(i.title, i.presenter, i.owner) for i in items] == [
        ("Oplæg fra API", member, member),
        ("Oplæg fra siden", member, member),
    ]


def test_it_makes_only_the_plans_people_responsible_for_action_items_on_both_edges(
    cast: Cast, meetings: Meetings
) -> None:
    """The page creates action items and the API changes them: each write names the person responsible."""
    stranger, member = _people(cast)
    action = meetings.action
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    url = reverse("meetings:action_new", args=[cast.plan.pk, meetings.past.pk])
    path = f"/action-items/{action.pk}"
    before = _state()

    form = {"item": meetings.entry.item_id, "title": "Ring til skolen", "due": "2027-01-10"}
    refused = page.post(url, {**form, "responsible": stranger.pk}, follow=True)
    assert shown(refused, "Udfyld punkt, handlingspunkt, ansvarlig og frist.")
    answer = api_call(api, "patch", path, {"row_version": action.row_version, "responsible_id": stranger.pk})
    assert api_errors(answer) == {"responsible_id": "Otto Udenfor hører ikke til helhedsplanen."}
    assert _state() == before

    accepted = page.post(url, {**form, "responsible": member.pk}, follow=True)
    assert shown(accepted, "Handlingspunktet er oprettet.")
    answer = api_call(api, "patch", path, {"row_version": action.row_version, "responsible_id": member.pk})
    assert answer.status_code == 200 and answer.json()["responsible_id"] == member.pk
    assert ActionItem.objects.get(title="Ring til skolen").responsible == member
    assert ActionItem.objects.get(pk=action.pk).responsible == member


def test_it_puts_at_most_one_item_of_each_system_kind_on_an_agenda_on_both_edges(
    cast: Cast, meetings: Meetings
) -> None:
    """The follow-up of action items is an item the system puts on an agenda: a second one is refused."""
    message = "Dagsordenen har allerede et punkt af typen Opfølgning på handlingspunkter."
    kind = AgendaItem.Kind.FOLLOW_UP
    assert meetings.upcoming.items.filter(kind=kind).count() == 1
    page, api = cast.client("secretariat"), api_client(cast.secretariat_user)
    before = _state()

    def page_post(meeting: Meeting) -> Any:
        url = reverse("meetings:item_new", args=[cast.plan.pk, meeting.pk])
        return page.post(url, {"title": "Opfølgning", "kind": kind})

    def api_post(meeting: Meeting) -> Any:
        return api_call(api, "post", f"/meetings/{meeting.pk}/agenda-items", {"title": "Opfølgning", "kind": kind})

    assert page_errors(page_post(meetings.upcoming)) == {"kind": message}
    assert api_errors(api_post(meetings.upcoming)) == {"kind": message}
    assert _state() == before

    # The steering group's meetings have no earlier ones, so no follow-up yet: each edge may add one.
    first, second = (
        services.meeting_create(actor=None, plan=cast.plan, body=cast.group, start=at(days)) for days in (10, 20)
    )
    assert page_post(first).status_code == 302
    assert api_post(second).status_code == 201
    assert [m.items.filter(kind=kind).count() for m in (first, second, meetings.upcoming)] == [1, 1, 1]
