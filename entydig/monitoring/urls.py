from django.urls import path

from entydig.monitoring import views, views_catalogue

app_name = "monitoring"

urlpatterns = [
    path("plans/<int:plan_pk>/indicators/", views.indicator_list, name="indicators"),
    path("plans/<int:plan_pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("plans/<int:plan_pk>/indicators/catalogue/", views_catalogue.catalogue, name="catalogue"),
    path(
        "plans/<int:plan_pk>/indicators/catalogue/<slug:code>/adopt/",
        views_catalogue.indicator_adopt,
        name="indicator_adopt",
    ),
    path("plans/<int:plan_pk>/indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("plans/<int:plan_pk>/indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("plans/<int:plan_pk>/indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("plans/<int:plan_pk>/indicators/<int:pk>/compare/", views.indicator_compare, name="indicator_compare"),
    path(
        "plans/<int:plan_pk>/indicators/<int:pk>/measurements/new/", views.measurement_create, name="measurement_create"
    ),
    path(
        "plans/<int:plan_pk>/indicators/<int:pk>/measurements/<int:measurement_pk>/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path("plans/<int:plan_pk>/measurements/import/", views.measurement_import, name="import"),
]
