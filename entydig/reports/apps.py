from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "entydig.reports"
    verbose_name = "Rapporter"

    def ready(self) -> None:
        # An activity reported red becomes a suggested cooperation question for the board (meetings' engine).
        try:
            from entydig.meetings.suggestions import SOURCES
        except ImportError:
            return
        from entydig.reports.pixi import red_activity_suggestions

        if red_activity_suggestions not in SOURCES:
            SOURCES.append(red_activity_suggestions)
