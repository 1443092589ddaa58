from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "entydig.goals"
    verbose_name = _("Mål og aftaler")

    def ready(self) -> None:
        from entydig.organisation import views as organisation_views

        section = "goals/partials/_activity_goals.html"
        if section not in organisation_views.ACTIVITY_SECTIONS:
            organisation_views.ACTIVITY_SECTIONS.append(section)
