from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "entydig.core"
    verbose_name = "Entydig"
