"""Service sites from a spreadsheet: one row per site, matched on (place on the tree, name)."""

from __future__ import annotations

from import_export import fields

from exchange.columns import (
    AllianceResource,
    ChoiceWidget,
    NumberWidget,
    YesNoWidget,
)
from grids.columns import NodePathWidget

from .models import ServiceSite, SiteKind


class SiteResource(AllianceResource):
    node = fields.Field("node", "所属编码路径", NodePathWidget())
    name = fields.Field("name", "站点名称")
    kind = fields.Field("kind", "类型", ChoiceWidget(SiteKind))
    address = fields.Field("address", "地址")
    latitude = fields.Field("latitude", "纬度", NumberWidget())
    longitude = fields.Field("longitude", "经度", NumberWidget())
    hours = fields.Field("hours", "开放时间")
    services = fields.Field("services", "服务内容")
    contact_name = fields.Field("contact_name", "联系人")
    contact_phone = fields.Field("contact_phone", "联系电话")
    active = fields.Field("active", "开放中", YesNoWidget(), default=True)

    scope_fields = ("node",)
    example = {
        "所属编码路径": "张湾社区",
        "站点名称": "示例：张湾社区暖蜂驿站",
        "类型": SiteKind.REST_STATION,
        "地址": "张湾路1号",
        "开放时间": "08:00-20:00",
        "服务内容": "饮水、充电、休息",
        "联系人": "王站长",
        "联系电话": "13800000000",
        "开放中": "是",
    }

    class Meta(AllianceResource.Meta):
        model = ServiceSite
        import_id_fields = ("node", "name")
        fields = (
            "node",
            "name",
            "kind",
            "address",
            "latitude",
            "longitude",
            "hours",
            "services",
            "contact_name",
            "contact_phone",
            "active",
        )

    def get_queryset(self):
        queryset = ServiceSite.objects.filter(offer__isnull=True).select_related("node")
        if self.scope is not None:
            queryset = self.scope.filter(queryset, "node")
        return queryset
