"""The spreadsheets the back office can import: one entry per kind of record.

Each app keeps its own resource (`<app>/resources.py`); this list only names them, so adding
an import is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ImportKind:
    slug: str
    label: str | Promise
    resource_path: str
    street_only: bool = False  # street staff only: secretaries cannot import this kind

    @property
    def resource_class(self):
        return import_string(self.resource_path)


KINDS: dict[str, ImportKind] = {
    kind.slug: kind
    for kind in [
        ImportKind(
            "nodes",
            _("Hierarchy: communities, grids, compounds, buildings"),
            "grids.resources.NodeResource",
        ),
        ImportKind("stewards", _("Building stewards"), "grids.resources.StewardResource"),
        ImportKind(
            "units",
            _("Member units with their party organisations"),
            "organizations.resources.UnitResource",
        ),
        ImportKind(
            "committee_members", _("Committee members"), "alliance.resources.MemberResource"
        ),
        ImportKind("volunteers", _("Volunteers"), "volunteers.resources.VolunteerResource"),
        ImportKind("sites", _("Service sites"), "servicemap.resources.SiteResource"),
    ]
}


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(kind.slug, kind.label) for kind in KINDS.values()]
