"""The hierarchy spreadsheet: communities, grids (levels follow from their parents), compounds
and buildings, one row per place, parents before children.

A row names its parent by code path and itself by a code; the pair is the natural key, so the
same file imported twice changes nothing. Rows are written through `node_save`, the tree's one
writer, with MPTT updates delayed until the end so a big file stays fast.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from exchange.columns import (
    AllianceResource,
    ChoiceWidget,
    NumberWidget,
    WholeNumberWidget,
    in_scope,
)
from exchange.text import clean_text

from .columns import NodePathWidget
from .models import TOP_KINDS, Node, NodeKind, Steward
from .services import code_path_under, node_save


class NodeResource(AllianceResource):
    parent = fields.Field("parent", "上级编码路径", NodePathWidget())
    code = fields.Field("code", "编码")
    kind = fields.Field("kind", "类型", ChoiceWidget(NodeKind))
    name = fields.Field("name", "名称")
    address = fields.Field("address", "地址")
    latitude = fields.Field("latitude", "纬度", NumberWidget())
    longitude = fields.Field("longitude", "经度", NumberWidget())
    households = fields.Field("households", "户数", WholeNumberWidget())
    residents = fields.Field("residents", "户籍人口", WholeNumberWidget())
    service_centre = fields.Field("service_centre", "党群服务中心")
    grid_level = fields.Field("grid_level", "网格层级", readonly=True)

    column_help = {
        "上级编码路径": gettext_lazy(
            "The place this one belongs to; left empty only for a street."
        ),
        "编码": gettext_lazy("The place's code, unique among its siblings (for example c01, g02)."),
    }
    required_columns = ("上级编码路径",)
    example = {
        "上级编码路径": "zhangwan/c01",
        "编码": "g99",
        "类型": NodeKind.GRID,
        "名称": "示例：第九十九网格",
        "地址": "张湾路1号",
        "户数": 120,
        "户籍人口": 360,
    }

    class Meta(AllianceResource.Meta):
        model = Node
        import_id_fields = ("code",)  # with the parent's path; see get_instance
        fields = (
            "parent",
            "code",
            "kind",
            "name",
            "address",
            "latitude",
            "longitude",
            "households",
            "residents",
            "service_centre",
            "grid_level",
        )

    def get_queryset(self):
        queryset = Node.objects.select_related("parent").order_by("tree_id", "lft")
        if self.scope is not None:
            queryset = self.scope.filter(queryset)
        return queryset

    def get_instance(self, instance_loader: Any, row: Any) -> Node | None:
        code = clean_text(str(row.get("编码") or ""))
        if not code:
            return None
        try:
            parent = self.fields["parent"].clean(row)  # by name, code or code path
        except ValueError:
            return None  # the parent column reports it
        return Node.objects.filter(code_path=code_path_under(parent, code)).first()

    def import_instance(self, instance: Node, row: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # A street sits at the top of what a street's staff look after, with or without a
        # district above it; a district is the administrator's.
        top = instance.parent is None or instance.kind == NodeKind.STREET
        if "parent" not in errors:
            if instance.parent is None and instance.kind not in TOP_KINDS:
                errors["parent"] = [_("Only a street has no parent; give the parent's code path.")]
            elif top and instance.pk is None and not in_scope(self.scope, None):
                errors["parent"] = [_("Only an administrator can add a new street.")]
            elif top and instance.pk and not in_scope(self.scope, instance):
                errors["parent"] = [
                    _("“%(path)s” is outside the places you look after.")
                    % {"path": instance.code_path}
                ]
            elif not top and not in_scope(self.scope, instance.parent):
                errors["parent"] = [
                    _("“%(path)s” is outside the places you look after.")
                    % {"path": instance.parent.code_path}
                ]
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance: Node, is_create: bool) -> None:
        node_save(node=instance)

    def import_data(self, *args: Any, **kwargs: Any):
        with Node.objects.delay_mptt_updates():
            return super().import_data(*args, **kwargs)


class StewardResource(AllianceResource):
    """Building stewards (楼栋红管家): one row per building, matched on the building."""

    building = fields.Field("building", "楼栋编码路径", NodePathWidget(NodeKind.BUILDING))
    name = fields.Field("name", "姓名")
    phone = fields.Field("phone", "电话")
    card_number = fields.Field("card_number", "服务卡编号")
    wechat_group_name = fields.Field("wechat_group_name", "微信工作群")
    wechat_group_link = fields.Field("wechat_group_link", "入群链接")

    scope_fields = ("building",)
    example = {
        "楼栋编码路径": "zhangwan/c01/g01/x01/b01",
        "姓名": "示例：赵红",
        "电话": "13800000000",
        "服务卡编号": "ZW-0001",
        "微信工作群": "1号楼红管家群",
    }

    class Meta(AllianceResource.Meta):
        model = Steward
        import_id_fields = ("building",)
        fields = (
            "building",
            "name",
            "phone",
            "card_number",
            "wechat_group_name",
            "wechat_group_link",
        )

    def get_queryset(self):
        queryset = Steward.objects.select_related("building")
        if self.scope is not None:
            queryset = self.scope.filter(queryset, "building")
        return queryset
