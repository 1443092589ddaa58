"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path

from entydig.api.api import api

urlpatterns = [
    path("", include("entydig.home.urls")),
    path("", include("entydig.core.urls")),
    path("accounts/", include("entydig.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("entydig.organisation.urls")),
    path("", include("entydig.budget.urls")),
    path("", include("entydig.meetings.urls")),
    path("", include("entydig.goals.urls")),
    path("", include("entydig.monitoring.urls")),
    path("", include("entydig.reports.urls")),
    path("", include("entydig.portfolio.urls")),
]

# A parameter a page cannot use (entydig.core.params) answers 400 with a message that names it.
handler400 = "entydig.core.views.bad_request"
