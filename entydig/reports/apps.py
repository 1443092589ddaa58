from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "entydig.reports"
    verbose_name = "Rapporter"

    def ready(self) -> None:
        # Imported here: models may only be imported once the app registry is ready.
        from entydig.meetings.suggestions import register_source  # noqa: PLC0415 (the app registry must be ready)
        from entydig.reports.suggestions import red_activity_suggestions  # noqa: PLC0415 (the app registry must be ready)

        # An activity reported red becomes a suggested cooperation question for the board (meetings' registry).
        register_source(red_activity_suggestions)
