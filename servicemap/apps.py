from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicemapConfig(AppConfig):
    name = "servicemap"
    verbose_name = _("Service sites and map")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
