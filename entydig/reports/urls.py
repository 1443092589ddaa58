from django.urls import path

from entydig.reports import pixi_views, views

app_name = "reports"

urlpatterns = [
    path("plans/<int:plan_pk>/progress/", views.collection, name="collection"),
    path("plans/<int:plan_pk>/progress/<str:quarter>/deadline/", views.collection_update, name="collection_update"),
    path("plans/<int:plan_pk>/progress/<str:quarter>/remind/", views.remind, name="remind"),
    path("plans/<int:plan_pk>/progress/<str:quarter>/report.pdf", views.quarter_pdf, name="quarter_pdf"),
    path("plans/<int:plan_pk>/progress/<str:quarter>/activities/<int:activity_pk>/", views.report, name="report"),
    path("plans/<int:plan_pk>/progress/reports/<int:pk>/review/", views.review, name="review"),
    path("plans/<int:plan_pk>/activities/<int:activity_pk>/outputs/", views.outputs, name="outputs"),
    path("plans/<int:plan_pk>/pixi/", pixi_views.pixi, name="pixi"),
    path("plans/<int:plan_pk>/pixi.pdf", pixi_views.pixi_pdf_view, name="pixi_pdf"),
    path("plans/<int:plan_pk>/pixi/<str:quarter>/edit/", pixi_views.pixi_edit, name="pixi_edit"),
    path("plans/<int:plan_pk>/pixi/<str:quarter>/publish/", pixi_views.pixi_publish, name="pixi_publish"),
    path("plans/<int:plan_pk>/pixi/<str:quarter>/attach/", pixi_views.pixi_attach, name="pixi_attach"),
    path("plans/<int:plan_pk>/meetings/<int:pk>/board-pack.pdf", pixi_views.board_pack_view, name="board_pack"),
    path(
        "plans/<int:plan_pk>/activities/<int:activity_pk>/outputs/<int:pk>/delete/",
        views.output_delete,
        name="output_delete",
    ),
]
