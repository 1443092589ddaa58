from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "entydig.reports"
    verbose_name = "Rapporter"
