from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard and monthly reports")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers make_ledger, which ledger_request names)
