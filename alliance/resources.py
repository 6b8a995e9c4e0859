"""Committee members from a spreadsheet: the street's big working committee or a community's big
party committee, named by its street or community (name, code or code path); rows are matched
on (committee, name). A member's unit is named by its name or its unified social credit code."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from exchange.columns import AllianceResource, ChoiceWidget, DayWidget, Scope, in_scope
from exchange.text import clean_text, closest, spelled_alike
from grids.columns import CANDIDATES_SHOWN, NodePathWidget
from grids.models import Node, NodeKind
from organizations.models import Unit

from .models import Committee, CommitteeMember, Position

COMMITTEE = "委员会编码路径"


class CommitteeWidget(widgets.ForeignKeyWidget):
    """A committee, written as the street or community it belongs to: its name, code or code
    path (exported as the code path)."""

    def __init__(self) -> None:
        super().__init__(Committee, "node__code_path")
        self.places = NodePathWidget(NodeKind.STREET, NodeKind.COMMUNITY)
        self.found: dict[int, Committee | None] = {}

    def bind_scope(self, scope: Scope | None) -> None:
        self.places.bind_scope(scope)

    def place(self, value: Any) -> Node | None:
        """The street or community `value` names (ValueError when it names none)."""
        return self.places.clean(value)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Committee | None:
        node = self.place(value)
        if node is None:
            return None
        if node.pk not in self.found:
            self.found[node.pk] = (
                Committee.objects.select_related("node").filter(node=node).order_by("pk").first()
            )
        committee = self.found[node.pk]
        if committee is None:
            raise ValueError(_("There is no committee at “%(path)s”.") % {"path": node.code_path})
        return committee

    def render(self, value: Committee | None, obj: Any = None, **kwargs: Any) -> str:
        return value.node.code_path if value is not None else ""

    def describe(self) -> dict[str, Any]:
        return {
            "format": _(
                "The street or community whose committee it is: its name, code or code path, "
                "for example 张湾社区, c01 or zhangwan/c01."
            )
        }


def _unit_text(unit: Unit) -> str:
    where = unit.community.code_path
    return (
        f"{unit.name} ({where}, {unit.credit_code})"
        if unit.credit_code
        else (f"{unit.name} ({where})")
    )


def _units_text(units: list[Unit]) -> str:
    shown = "、".join(_unit_text(unit) for unit in units[:CANDIDATES_SHOWN])
    if len(units) > CANDIDATES_SHOWN:
        shown += _(" and %(more)s more") % {"more": len(units) - CANDIDATES_SHOWN}
    return shown


class UnitNameWidget(widgets.ForeignKeyWidget):
    """A member unit by its name or its unified social credit code, looked for where the row's
    committee sits (and, without one, among the units the user looks after)."""

    def __init__(self) -> None:
        super().__init__(Unit, "name")
        self.committees: CommitteeWidget | None = None  # the resource links its own
        self.scope: Scope | None = None
        self.found: dict[tuple[int | None, str], Unit] = {}
        self.refused: dict[tuple[int | None, str], str] = {}

    def bind_scope(self, scope: Scope | None) -> None:
        self.scope = scope

    def _place(self, row: Any) -> Node | None:
        if self.committees is None or not row:
            return None
        try:
            return self.committees.place((row or {}).get(COMMITTEE))
        except ValueError:
            return None  # the committee column reports it

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Unit | None:
        text = clean_text(str(value or ""))
        if not text:
            return None
        place = self._place(row)
        key = (place.pk if place is not None else None, text)
        if key in self.found:
            return self.found[key]
        if key in self.refused:
            raise ValueError(self.refused[key])
        try:
            unit = self._find(text, place)
        except ValueError as exc:
            self.refused[key] = str(exc)
            raise
        self.found[key] = unit
        return unit

    def _units(self, place: Node | None) -> Any:
        units = Unit.objects.select_related("community")
        if place is not None:
            path = place.code_path
            return units.filter(
                Q(community__code_path=path) | Q(community__code_path__startswith=f"{path}/")
            )
        scope = self.scope
        if scope is None or scope.everything:
            return units
        if scope.node is None:
            return units.none()
        root = scope.node.code_path
        return units.filter(
            Q(community__code_path=root) | Q(community__code_path__startswith=f"{root}/")
        )

    def _find(self, text: str, place: Node | None) -> Unit:
        code = text.replace(" ", "").upper()
        matches = list(
            self._units(place).filter(Q(name=text) | Q(credit_code=code)).order_by("pk")[:200]
        )
        by_code = [unit for unit in matches if unit.credit_code and unit.credit_code == code]
        if by_code:
            return by_code[0]
        if len(matches) > 1:
            inside = [u for u in matches if in_scope(self.scope, u.community)] or matches
            if len(inside) == 1:
                return inside[0]
            raise ValueError(
                _(
                    "There are %(count)s member units named “%(value)s”: %(candidates)s. "
                    "Write the unit's unified social credit code instead."
                )
                % {"count": len(inside), "value": text, "candidates": _units_text(inside)}
            )
        if matches:
            return matches[0]
        return self._near(text, place)

    def _near(self, text: str, place: Node | None) -> Unit:
        pool = list(self._units(place).order_by("community__lft", "name")[:20_000])
        same = spelled_alike(text, pool, lambda unit: unit.name)
        if len(same) == 1:
            return same[0]
        where = place.code_path if place is not None else ""
        message = _("There is no member unit called “%(name)s” under “%(path)s”.") % {
            "name": text,
            "path": where,
        }
        close = same or closest(text, pool, lambda unit: unit.name)
        if close:
            hint = _("Did you mean %(names)s?") % {"names": _units_text(close)}
            message = _("%(problem)s %(hint)s") % {"problem": message, "hint": hint}
        raise ValueError(message)

    def render(self, value: Unit | None, obj: Any = None, **kwargs: Any) -> str:
        return value.name if value is not None else ""

    def describe(self) -> dict[str, Any]:
        return {
            "format": _(
                "The member unit's name or its unified social credit code; where two units "
                "share a name, the credit code."
            )
        }


class MemberResource(AllianceResource):
    committee = fields.Field("committee", COMMITTEE, CommitteeWidget())
    name = fields.Field("name", "姓名")
    unit = fields.Field("unit", "所在单位", UnitNameWidget())
    position = fields.Field("position", "职务", ChoiceWidget(Position))
    starts_on = fields.Field("starts_on", "任职开始", DayWidget())
    ends_on = fields.Field("ends_on", "任职结束", DayWidget())

    scope_fields = ("committee",)
    column_help = {
        COMMITTEE: gettext_lazy(
            "The committee the member sits on: the street's big working committee or a "
            "community's big party committee."
        ),
        "所在单位": gettext_lazy("The member unit the member comes from, if any."),
    }
    example = {
        COMMITTEE: "张湾社区",
        "姓名": "示例：王小明",
        "所在单位": "张湾社区卫生服务中心",
        "职务": Position.MEMBER,
        "任职开始": datetime.date(2024, 1, 1),
        "任职结束": "",
    }

    class Meta(AllianceResource.Meta):
        model = CommitteeMember
        import_id_fields = ("committee", "name")
        fields = ("committee", "name", "unit", "position", "starts_on", "ends_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.committees = self.fields["committee"].widget

    def get_queryset(self):
        queryset = CommitteeMember.objects.select_related("committee__node", "unit")
        if self.scope is not None:
            queryset = self.scope.filter(queryset, "committee__node")
        return queryset

    def scope_node(self, instance: CommitteeMember, field_name: str):
        return instance.committee.node if instance.committee_id else None
