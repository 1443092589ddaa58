"""Database rules of the meetings: a body with meetings stays, a whole plan can still be deleted."""

from __future__ import annotations

import pytest
from django.db.models import RestrictedError

from entydig.conftest import Cast
from entydig.meetings.models import ActionItem, Meeting
from entydig.meetings.tests.conftest import Meetings
from entydig.organisation.models import Plan


def test_it_refuses_to_delete_a_body_that_has_meetings(cast: Cast, meetings: Meetings) -> None:
    with pytest.raises(RestrictedError):
        cast.board.delete()
    assert Meeting.objects.filter(body=cast.board).count() == 2


def test_it_deletes_a_plan_with_its_meetings(cast: Cast, meetings: Meetings) -> None:
    cast.plan.delete()
    assert not Plan.objects.filter(pk=cast.plan.pk).exists()
    assert not Meeting.objects.filter(pk=meetings.past.pk).exists()
    assert not ActionItem.objects.filter(pk=meetings.action.pk).exists()
