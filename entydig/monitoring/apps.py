from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "entydig.monitoring"
    verbose_name = _("Indikatorer og målinger")
