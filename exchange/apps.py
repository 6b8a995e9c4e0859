from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Imports and exports")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (sets services.queue_job)
