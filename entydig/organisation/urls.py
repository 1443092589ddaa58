from django.urls import path

from entydig.organisation import body_views, views

app_name = "organisation"

plan = "plans/<int:plan_pk>/"
body = plan + "bodies/<int:body_pk>/"

urlpatterns = [
    path("plans/new/", views.plan_create, name="plan_create"),
    path(plan, views.plan_overview, name="plan"),
    path(plan + "edit/", views.plan_edit, name="plan_edit"),
    path(plan + "organisation/", views.chart, name="chart"),
    path(plan + "log/", views.change_log, name="log"),
    path(plan + "areas/new/", views.area_create, name="area_create"),
    path(plan + "areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path(plan + "areas/<int:pk>/delete/", views.area_delete, name="area_delete"),
    path(plan + "organisations/", views.organisation_list, name="organisations"),
    path(plan + "organisations/new/", views.organisation_create, name="organisation_create"),
    path(plan + "organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(plan + "bodies/new/", body_views.body_create, name="body_create"),
    path(plan + "bodies/<int:pk>/", body_views.body_detail, name="body"),
    path(plan + "bodies/<int:pk>/edit/", body_views.body_edit, name="body_edit"),
    path(plan + "bodies/<int:pk>/delete/", body_views.body_delete, name="body_delete"),
    path(body + "members/new/", body_views.membership_create, name="membership_create"),
    path(body + "members/<int:pk>/edit/", body_views.membership_edit, name="membership_edit"),
    path(body + "members/<int:pk>/end/", body_views.membership_end, name="membership_end"),
    path(body + "members/<int:pk>/delete/", body_views.membership_delete, name="membership_delete"),
    path(plan + "activities/new/", views.activity_create, name="activity_create"),
    path(plan + "activities/<int:pk>/", views.activity_detail, name="activity"),
    path(plan + "activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path(plan + "activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("persons/<int:pk>/", body_views.person_detail, name="person"),
    path("persons/<int:pk>/edit/", body_views.person_edit, name="person_edit"),
]
