from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Alliance and joint meetings")

    def ready(self) -> None:
        from exchange.registry import ImportKind, register

        register(
            ImportKind(
                "committee_members",
                _("Committee members"),
                "alliance.resources.MemberResource",
                position=40,
            )
        )
