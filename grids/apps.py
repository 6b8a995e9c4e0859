from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Street hierarchy")

    def ready(self) -> None:
        from exchange.registry import ImportKind, register

        register(
            ImportKind(
                "nodes",
                _("Hierarchy: communities, grids, compounds, buildings"),
                "grids.resources.NodeResource",
                position=10,
            )
        )
        register(
            ImportKind(
                "stewards", _("Building stewards"), "grids.resources.StewardResource", position=20
            )
        )
