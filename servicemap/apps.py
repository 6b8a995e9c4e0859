from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicemapConfig(AppConfig):
    name = "servicemap"
    verbose_name = _("Service sites and map")

    def ready(self) -> None:
        from exchange.registry import ImportKind, register

        register(
            ImportKind(
                "sites", _("Service sites"), "servicemap.resources.SiteResource", position=60
            )
        )
        from . import receivers  # noqa: F401
