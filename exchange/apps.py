from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Imports and exports")

    def ready(self) -> None:
        # Every admin list exports to Excel and CSV with its filters applied. This runs after
        # the admin has discovered every app's admin module (django.contrib.admin comes first).
        from . import tasks  # noqa: F401  (sets services.queue_job)
        from .admin_export import add_export_to_every_admin

        add_export_to_every_admin()
