from django.urls import path

from entydig.reports import views

app_name = "reports"

urlpatterns = [
    path("plans/<int:plan_pk>/progress/", views.collection, name="collection"),
    path("plans/<int:plan_pk>/progress/<str:quarter>/deadline/", views.collection_update, name="collection_update"),
    path("plans/<int:plan_pk>/progress/<str:quarter>/remind/", views.remind, name="remind"),
    path("plans/<int:plan_pk>/progress/<str:quarter>/report.pdf", views.quarter_pdf, name="quarter_pdf"),
    path("plans/<int:plan_pk>/progress/<str:quarter>/activities/<int:activity_pk>/", views.report, name="report"),
    path("plans/<int:plan_pk>/progress/reports/<int:pk>/review/", views.review, name="review"),
    path("plans/<int:plan_pk>/activities/<int:activity_pk>/outputs/", views.outputs, name="outputs"),
    path("plans/<int:plan_pk>/pixi/", views.pixi, name="pixi"),
    path(
        "plans/<int:plan_pk>/activities/<int:activity_pk>/outputs/<int:pk>/delete/",
        views.output_delete,
        name="output_delete",
    ),
]
