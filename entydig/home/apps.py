from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top floor: each person's front page across the plans they take part in, and the demo data."""

    name = "entydig.home"
    verbose_name = _("Forside")
