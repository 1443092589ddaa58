from django.urls import path

from entydig.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
