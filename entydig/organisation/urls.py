from django.urls import path

from entydig.organisation import views

app_name = "organisation"

urlpatterns = [
    path("plans/<int:plan_pk>/", views.plan_overview, name="plan"),
    path("plans/<int:plan_pk>/organisation/", views.chart, name="chart"),
]
