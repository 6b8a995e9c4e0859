from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from exchange.registry import ImportKind, register

        register(
            ImportKind(
                "volunteers", _("Volunteers"), "volunteers.resources.VolunteerResource", position=50
            )
        )
        from . import receivers  # noqa: F401  (connects the signal receivers)
