"""The member-unit spreadsheet: one row per unit, with its party organisation and contact.

Rows are matched on (community, unit name), so importing the same file twice changes nothing.
The community may be written by name, code or code path; the credit code column may be left
out of older files.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from exchange.columns import (
    AllianceResource,
    ChoiceWidget,
    DayWidget,
    NumberWidget,
    WholeNumberWidget,
    full_clean_at_hand,
)
from exchange.text import clean_text
from grids.columns import NodePathWidget
from grids.models import NodeKind

from .models import PartyOrganization, PartyOrganizationKind, Unit, UnitKind

CREDIT_CODE = "统一社会信用代码"


class CreditCodeWidget(widgets.CharWidget):
    """A unified social credit code, as typed: full-width or lower-case letters read alike."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return clean_text(str(value or "")).replace(" ", "").upper()

    def describe(self) -> dict[str, Any]:
        return {"format": _("18 characters, as on the business licence; may be left empty.")}


# The party organisation's columns and the model field each one fills.
ORG_COLUMNS = {
    "党组织名称": "name",
    "党组织类型": "kind",
    "党员人数": "member_count",
    "党组织书记": "secretary_name",
    "书记电话": "secretary_phone",
}


class UnitResource(AllianceResource):
    community = fields.Field("community", "所在社区", NodePathWidget(NodeKind.COMMUNITY))
    name = fields.Field("name", "单位名称")
    kind = fields.Field("kind", "单位类型", ChoiceWidget(UnitKind))
    leader_name = fields.Field("leader_name", "负责人")
    phone = fields.Field("phone", "联系电话")
    address = fields.Field("address", "地址")
    latitude = fields.Field("latitude", "纬度", NumberWidget())
    longitude = fields.Field("longitude", "经度", NumberWidget())
    joined_on = fields.Field("joined_on", "加入联盟日期", DayWidget())
    left_on = fields.Field("left_on", "退出联盟日期", DayWidget())
    rota_order = fields.Field("rota_order", "轮值顺序", WholeNumberWidget())
    org_name = fields.Field(None, "党组织名称")
    # Read by import_instance itself; the widgets say what the columns take.
    org_kind = fields.Field(None, "党组织类型", ChoiceWidget(PartyOrganizationKind))
    org_members = fields.Field(None, "党员人数", WholeNumberWidget())
    org_secretary = fields.Field(None, "党组织书记")
    org_secretary_phone = fields.Field(None, "书记电话")
    credit_code = fields.Field("credit_code", CREDIT_CODE, CreditCodeWidget())

    scope_fields = ("community",)
    checked_in_clean = ("left_on",)  # organizations_unit_leaves_after_joining
    unique_checked = ("credit_code",)  # for the whole file, in before_import
    optional_columns = (CREDIT_CODE,)
    org_kind_widget = ChoiceWidget(PartyOrganizationKind)
    column_help = {
        "党组织名称": gettext_lazy("The unit's own party organisation, if it has one."),
        "党组织类型": gettext_lazy("The kind of the unit's party organisation."),
        "党员人数": gettext_lazy("Party members in the unit's party organisation."),
        "党组织书记": gettext_lazy("The secretary of the unit's party organisation."),
        "书记电话": gettext_lazy("The secretary's phone."),
    }
    example = {
        "所在社区": "张湾社区",
        "单位名称": "示例：张湾社区卫生服务中心",
        "单位类型": UnitKind.INSTITUTION,
        "负责人": "王主任",
        "联系电话": "13800000000",
        "地址": "张湾路1号",
        "加入联盟日期": datetime.date(2024, 3, 1),
        "轮值顺序": 1,
        "党组织名称": "示例：张湾社区卫生服务中心党支部",
        "党组织类型": PartyOrganizationKind.BRANCH,
        "党员人数": 12,
        "党组织书记": "李书记",
        "书记电话": "13900000000",
        CREDIT_CODE: "",
    }

    class Meta(AllianceResource.Meta):
        model = Unit
        use_bulk = True
        batch_size = 1000
        import_id_fields = ("community", "name")
        fields = (
            "community",
            "name",
            "kind",
            "leader_name",
            "phone",
            "address",
            "latitude",
            "longitude",
            "joined_on",
            "left_on",
            "rota_order",
            "org_name",
            "org_kind",
            "org_members",
            "org_secretary",
            "org_secretary_phone",
            "credit_code",
        )

    def get_queryset(self):
        queryset = Unit.objects.select_related("community").prefetch_related("party_organizations")
        if self.scope is not None:
            queryset = self.scope.filter(queryset, "community")
        return queryset

    # Export: the unit's own party organisation (the first, if a unit has several).
    def _org(self, unit: Unit) -> PartyOrganization | None:
        return next(iter(unit.party_organizations.all()), None) if unit.pk else None

    def dehydrate_org_name(self, unit: Unit) -> str:
        org = self._org(unit)
        return org.name if org else ""

    def dehydrate_org_kind(self, unit: Unit) -> str:
        org = self._org(unit)
        return self.org_kind_widget.render(org.kind) if org else ""

    def dehydrate_org_members(self, unit: Unit) -> Any:
        org = self._org(unit)
        return org.member_count if org else ""

    def dehydrate_org_secretary(self, unit: Unit) -> str:
        org = self._org(unit)
        return org.secretary_name if org else ""

    def dehydrate_org_secretary_phone(self, unit: Unit) -> str:
        org = self._org(unit)
        return org.secretary_phone if org else ""

    # Import: check the organisation columns with the unit, save it after the unit.
    def _org_values(self, row: Any) -> dict[str, Any]:
        values = {field: row.get(column) for column, field in ORG_COLUMNS.items()}
        return {k: ("" if v is None else str(v).strip()) for k, v in values.items()}

    def import_instance(self, instance: Unit, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        code = instance.credit_code
        if code and "credit_code" not in errors:
            holder = (instance.community_id, instance.name)
            if self.credit_codes.setdefault(code, holder) != holder:
                errors["credit_code"] = [_("Another member unit has this credit code.")]
        values = self._org_values(row)
        instance._org_values = None
        instance._was_new = instance.pk is None
        if values["name"]:
            kind, members, readable = PartyOrganizationKind.BRANCH, 0, True
            try:
                kind = self.org_kind_widget.clean(values["kind"]) or kind
            except ValueError as exc:
                errors.setdefault("org_kind", []).append(str(exc))
                readable = False
            try:
                members = int(float(values["member_count"] or 0))
                if members < 0:
                    raise ValueError
            except ValueError:
                errors.setdefault("org_members", []).append(
                    _("Party members must be a whole number, 0 or more.")
                )
                readable = False
            if readable:
                org = PartyOrganization(
                    name=values["name"],
                    kind=kind,
                    member_count=members,
                    secretary_name=values["secretary_name"],
                    secretary_phone=values["secretary_phone"],
                )
                try:
                    org.full_clean(exclude=["node", "unit"], validate_unique=False)
                except ValidationError as exc:
                    for field, messages in exc.message_dict.items():
                        errors.setdefault(_ORG_FIELD_TO_COLUMN.get(field, "org_name"), []).extend(
                            messages
                        )
                instance._org_values = {
                    "name": org.name,
                    "kind": org.kind,
                    "member_count": org.member_count,
                    "secretary_name": org.secretary_name,
                    "secretary_phone": org.secretary_phone,
                }
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance: Unit, original: Unit, row: Any, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        wanted = getattr(instance, "_org_values", None)
        if wanted is None:
            return True
        org = self._org(self.original) if self.original is not None else None
        return org is not None and all(getattr(org, k) == v for k, v in wanted.items())

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        # Who holds each party organisation name the file gives, by (place, name): the unit's
        # key (community, unit name), or None for a place's own organisation. One query for
        # the file, instead of one a row to prove each name free.
        names = {str(r.get("党组织名称") or "").strip() for r in dataset.dict} - {""}
        self.org_names = {
            (node_id, name): (community_id, unit_name) if community_id else None
            for node_id, name, community_id, unit_name in PartyOrganization.objects.filter(
                name__in=names
            ).values_list("node_id", "name", "unit__community_id", "unit__name")
        }
        # Who holds each credit code the file gives, by the unit's key; likewise one query.
        codes = {CreditCodeWidget().clean(r.get(CREDIT_CODE)) for r in dataset.dict} - {""}
        self.credit_codes = {
            code: (community_id, name)
            for code, community_id, name in Unit.objects.filter(credit_code__in=codes).values_list(
                "credit_code", "community_id", "name"
            )
        }

    def before_save_instance(self, instance: Unit, row: Any, **kwargs: Any) -> None:
        """Check the unit's party organisation before the unit joins its batch, so that a
        row refused here writes nothing."""
        super().before_save_instance(instance, row, **kwargs)
        instance._org = None
        wanted = getattr(instance, "_org_values", None)
        if not wanted:
            return
        org = None if instance._was_new else self._org(instance)
        if org is None:
            org = PartyOrganization()
        for field, value in wanted.items():
            setattr(org, field, value)
        org.node = instance.community
        key, holder = (org.node_id, org.name), (instance.community_id, instance.name)
        if self.org_names.get(key, holder) != holder:
            raise ValidationError(
                {
                    "org_name": _(
                        "“%(name)s” is already the name of another party organisation here."
                    )
                    % {"name": org.name}
                }
            )
        # The unit may not be saved yet; the name's uniqueness is checked just above.
        full_clean_at_hand(org, exclude=["unit"], unique_exclude=["name"], at_hand=["node"])
        self.org_names[key] = holder
        instance._org = org

    def after_batch_saved(self, instances: list[Unit]) -> None:
        new, changed = [], []
        for unit in instances:
            org = getattr(unit, "_org", None)
            if org is None:
                continue
            org.unit = unit
            (changed if org.pk else new).append(org)
        PartyOrganization.objects.bulk_create(new, batch_size=self._meta.batch_size)
        PartyOrganization.objects.bulk_update(
            changed, ["node", *ORG_COLUMNS.values()], batch_size=self._meta.batch_size
        )


_ORG_FIELD_TO_COLUMN = {
    "name": "org_name",
    "kind": "org_kind",
    "member_count": "org_members",
    "secretary_name": "org_secretary",
    "secretary_phone": "org_secretary_phone",
}
