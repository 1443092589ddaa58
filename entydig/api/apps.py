from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "entydig.api"
    verbose_name = "API"
