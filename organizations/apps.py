from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Party organisations")

    def ready(self) -> None:
        from exchange.registry import ImportKind, register

        register(
            ImportKind(
                "units",
                _("Member units with their party organisations"),
                "organizations.resources.UnitResource",
                position=30,
            )
        )
