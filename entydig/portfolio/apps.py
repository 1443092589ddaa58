from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "entydig.portfolio"
    verbose_name = _("Porteføljer")

    def ready(self) -> None:
        # Organisation's gatekeeper sits below this app; it learns of portfolio readers through its registry.
        from entydig.organisation.access import register_reader_grants  # noqa: PLC0415 (apps must be loaded first)
        from entydig.portfolio.access import portfolio_reader_plans  # noqa: PLC0415

        register_reader_grants(portfolio_reader_plans)
