from django.urls import path

from entydig.budget import views

app_name = "budget"

urlpatterns = [
    path("plans/<int:plan_pk>/budget/", views.budget, name="budget"),
    path("plans/<int:plan_pk>/budget/edit/", views.budget_edit, name="edit"),
    path("plans/<int:plan_pk>/budget/check/", views.budget_check, name="check"),
    path("plans/<int:plan_pk>/budget/lines/new/", views.line_add, name="line_add"),
    path("plans/<int:plan_pk>/budget/approve/", views.budget_approve, name="approve"),
    path("plans/<int:plan_pk>/budget/sent/", views.budget_sent, name="sent"),
    path("plans/<int:plan_pk>/budget/discard/", views.budget_discard, name="discard"),
    path("plans/<int:plan_pk>/budget/versions/", views.versions, name="versions"),
    path("plans/<int:plan_pk>/budget/compare/", views.compare, name="compare"),
    path("plans/<int:plan_pk>/budget/numbers/", views.numbers, name="numbers"),
    path("plans/<int:plan_pk>/finance/", views.finance, name="finance"),
    path("plans/<int:plan_pk>/finance/<int:year>/forecasts/<int:post_pk>/", views.forecast, name="forecast"),
    path("plans/<int:plan_pk>/actuals/", views.actuals, name="actuals"),
    path("plans/<int:plan_pk>/actuals/import/", views.actuals_import, name="import"),
]
