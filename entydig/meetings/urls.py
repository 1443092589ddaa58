from django.urls import path

from entydig.meetings import minutes_views, views

app_name = "meetings"
P = "plans/<int:plan_pk>/"
M = P + "meetings/<int:pk>/"

urlpatterns = [
    path(P + "meetings/", views.annual_plan, name="annual_plan"),
    path(P + "meetings/new/", views.meeting_form, name="meeting_new"),
    path(P + "meetings/deadlines/", views.deadlines, name="deadlines"),
    path(P + "meetings/settings/", views.meeting_settings, name="settings"),
    path(P + "meetings/feeds/", views.feed_create, name="feed_create"),
    path(M, views.meeting_detail, name="meeting"),
    path(M + "edit/", views.meeting_form, name="meeting_edit"),
    path(M + "guests/", views.guest_add, name="guest_add"),
    path(M + "attendance/", views.attendance, name="attendance"),
    path(M + "items/new/", views.item_form, name="item_new"),
    path(M + "items/<int:item_pk>/edit/", views.item_form, name="item_edit"),
    path(M + "items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path(M + "items/<int:item_pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(M + "items/<int:item_pk>/reallocations/", views.reallocation_add, name="reallocation_add"),
    path(
        M + "items/<int:item_pk>/reallocations/<int:move_pk>/delete/",
        views.reallocation_delete,
        name="reallocation_delete",
    ),
    path(M + "suggestions/add/", views.suggestion_add, name="suggestion_add"),
    path(M + "dispatch/", views.dispatch, name="dispatch"),
    path(M + "agenda.<str:fmt>", views.agenda_file, name="agenda_file"),
    path(M + "minutes/", minutes_views.minutes_edit, name="minutes"),
    path(M + "minutes.<str:fmt>", minutes_views.minutes_file, name="minutes_file"),
    path(M + "minutes/approve/", minutes_views.minutes_approve, name="minutes_approve"),
    path(M + "minutes/amend/", minutes_views.minutes_amend, name="minutes_amend"),
    path(M + "minutes/actions/", minutes_views.action_new, name="action_new"),
    path(P + "attachments/<int:pk>/", views.attachment, name="attachment"),
    path(P + "attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path(P + "follow-up/", minutes_views.follow_up, name="follow_up"),
    path(P + "action-items/<int:pk>/", minutes_views.action_update, name="action_update"),
    path("my-tasks/", minutes_views.my_tasks, name="my_tasks"),
    path("calendar/<slug:token>.ics", views.feed, name="feed"),  # secrets.token_urlsafe: letters, digits, - and _
]
