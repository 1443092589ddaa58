"""Every write to meetings, agendas, minutes and action items goes through these functions: transactional, audited,
and the one place their rules are checked (the pages' forms and the API's schemas only parse; both edges call them).

The functions live by concern (`agenda`, `minutes`, `settings`; the shared rules in `checks`); callers use them from
here.
"""

from entydig.meetings.services.agenda import (
    AgendaItemValues,
    MeetingValues,
    agenda_dispatch,
    agenda_item_create,
    agenda_item_delete,
    agenda_item_update,
    attachment_add,
    attachment_delete,
    attendance_record,
    meeting_create,
    meeting_guest_add,
    meeting_guest_remove,
    meeting_update,
    next_meeting_of_body,
    suggestion_add,
)
from entydig.meetings.services.minutes import (
    ActionItemValues,
    action_item_create,
    action_item_create_for_item,
    action_item_update,
    minutes_amend,
    minutes_approve,
    minutes_get_or_create,
    minutes_save,
)
from entydig.meetings.services.reallocations import reallocation_add, reallocation_remove, reallocations_apply
from entydig.meetings.services.settings import (
    CalendarValues,
    DeadlinesInvalid,
    DeadlineValues,
    body_deadlines_update,
    calendar_feed_get_or_create,
    calendar_settings_update,
    plan_deadlines_update,
)

__all__ = [
    "ActionItemValues",
    "AgendaItemValues",
    "CalendarValues",
    "DeadlineValues",
    "DeadlinesInvalid",
    "MeetingValues",
    "action_item_create",
    "action_item_create_for_item",
    "action_item_update",
    "agenda_dispatch",
    "agenda_item_create",
    "agenda_item_delete",
    "agenda_item_update",
    "attachment_add",
    "attachment_delete",
    "attendance_record",
    "body_deadlines_update",
    "calendar_feed_get_or_create",
    "calendar_settings_update",
    "meeting_create",
    "meeting_guest_add",
    "meeting_guest_remove",
    "meeting_update",
    "minutes_amend",
    "minutes_approve",
    "minutes_get_or_create",
    "minutes_save",
    "next_meeting_of_body",
    "plan_deadlines_update",
    "reallocation_add",
    "reallocation_remove",
    "reallocations_apply",
    "suggestion_add",
]
