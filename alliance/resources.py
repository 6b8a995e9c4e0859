"""Committee members from a spreadsheet: the street's big working committee or a community's big
party committee, named by the place's code path; rows are matched on (committee, name)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, widgets

from exchange.columns import AllianceResource, ChoiceWidget, DayWidget
from organizations.models import Unit

from .models import Committee, CommitteeMember, Position


class CommitteeWidget(widgets.ForeignKeyWidget):
    """A committee, written as the code path of the street or community it belongs to."""

    def __init__(self) -> None:
        super().__init__(Committee, "node__code_path")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Committee | None:
        path = str(value or "").strip().strip("/")
        if not path:
            return None
        committee = Committee.objects.select_related("node").filter(node__code_path=path).first()
        if committee is None:
            raise ValueError(_("There is no committee at “%(path)s”.") % {"path": path})
        return committee

    def render(self, value: Committee | None, obj: Any = None, **kwargs: Any) -> str:
        return value.node.code_path if value is not None else ""


class UnitNameWidget(widgets.ForeignKeyWidget):
    """A member unit by its name, looked for where the row's committee sits."""

    def __init__(self) -> None:
        super().__init__(Unit, "name")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Unit | None:
        name = str(value or "").strip()
        if not name:
            return None
        path = str((row or {}).get("委员会编码路径") or "").strip().strip("/")
        unit = (
            Unit.objects.filter(name=name)
            .filter(Q(community__code_path=path) | Q(community__code_path__startswith=f"{path}/"))
            .order_by("pk")
            .first()
        )
        if unit is None:
            raise ValueError(
                _("There is no member unit called “%(name)s” under “%(path)s”.")
                % {"name": name, "path": path}
            )
        return unit


class MemberResource(AllianceResource):
    committee = fields.Field("committee", "委员会编码路径", CommitteeWidget())
    name = fields.Field("name", "姓名")
    unit = fields.Field("unit", "所在单位", UnitNameWidget())
    position = fields.Field("position", "职务", ChoiceWidget(Position))
    starts_on = fields.Field("starts_on", "任职开始", DayWidget())
    ends_on = fields.Field("ends_on", "任职结束", DayWidget())

    scope_fields = ("committee",)

    class Meta(AllianceResource.Meta):
        model = CommitteeMember
        import_id_fields = ("committee", "name")
        fields = ("committee", "name", "unit", "position", "starts_on", "ends_on")

    def get_queryset(self):
        queryset = CommitteeMember.objects.select_related("committee__node", "unit")
        if self.scope is not None:
            queryset = self.scope.filter(queryset, "committee__node")
        return queryset

    def scope_node(self, instance: CommitteeMember, field_name: str):
        return instance.committee.node if instance.committee_id else None
