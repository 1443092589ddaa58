from django.urls import path

from entydig.core import views

urlpatterns = [
    path("om", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
