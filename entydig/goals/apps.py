from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "entydig.goals"
    verbose_name = _("Mål og aftaler")

    def ready(self) -> None:
        # Imported here: models may only be imported once the app registry is ready.
        from entydig.goals.indicator_changes import on_indicator_change  # noqa: PLC0415 (the app registry must be ready)
        from entydig.goals.selectors import activity_goals_section  # noqa: PLC0415 (the app registry must be ready)
        from entydig.goals.views import warm_dashboard  # noqa: PLC0415 (the app registry must be ready)
        from entydig.monitoring.changes import (  # noqa: PLC0415 (the app registry must be ready)
            register_import_warmer,
            register_indicator_change_hook,
        )
        from entydig.organisation.sections import register_activity_section  # noqa: PLC0415 (the app registry must be ready)

        # The activity page lists the goals the activity serves (organisation's registry of sections).
        register_activity_section(activity_goals_section)
        # A moved target is a change of the agreement that holds the indicator (monitoring's hook, goals' rule).
        register_indicator_change_hook(on_indicator_change)
        # The board opens the dashboard right after an import: it is built when the import commits.
        register_import_warmer(warm_dashboard)
