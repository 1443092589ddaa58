from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "entydig.monitoring"
    verbose_name = _("Indikatorer og målinger")

    def ready(self) -> None:
        from entydig.monitoring.cache import cached_plan_statuses  # noqa: PLC0415 (the app registry must be ready)
        from entydig.monitoring.changes import register_import_warmer  # noqa: PLC0415 (the app registry must be ready)

        # The statuses every page reads are computed when an import commits, not by the first reader after it.
        register_import_warmer(cached_plan_statuses)
