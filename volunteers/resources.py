"""The volunteer register a community keeps in Excel: one row per volunteer, matched on phone."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from import_export import fields

from exchange.columns import AllianceResource, ChoiceWidget, YesNoWidget
from grids.columns import NodePathWidget
from grids.models import NodeKind

from .models import Volunteer, VolunteerStatus


class VolunteerResource(AllianceResource):
    community = fields.Field("community", "居住社区", NodePathWidget(NodeKind.COMMUNITY))
    name = fields.Field("name", "姓名")
    phone = fields.Field("phone", "手机号")
    skills = fields.Field("skills", "特长技能")
    availability = fields.Field("availability", "可服务时间")
    is_party_member = fields.Field("is_party_member", "是否党员", YesNoWidget(), default=False)
    party_organization = fields.Field("party_organization", "所在党组织")
    status = fields.Field(
        "status", "状态", ChoiceWidget(VolunteerStatus), default=VolunteerStatus.PENDING
    )

    scope_fields = ("community",)
    example = {
        "居住社区": "张湾社区",
        "姓名": "示例：张三",
        "手机号": "13800000000",
        "特长技能": "理发、家电维修",
        "可服务时间": "周末上午",
        "是否党员": "是",
        "所在党组织": "张湾社区第一党支部",
        "状态": VolunteerStatus.ACTIVE,
    }

    class Meta(AllianceResource.Meta):
        model = Volunteer
        import_id_fields = ("phone",)
        fields = (
            "community",
            "name",
            "phone",
            "skills",
            "availability",
            "is_party_member",
            "party_organization",
            "status",
        )

    def get_queryset(self):
        queryset = Volunteer.objects.select_related("community")
        if self.scope is not None:
            queryset = self.scope.filter(queryset, "community")
        return queryset

    def import_instance(self, instance: Volunteer, row: Any, **kwargs: Any) -> None:
        # People on a community's paper register signed its consent form when they joined.
        if instance.consent_at is None:
            instance.consent_at = timezone.now()
        super().import_instance(instance, row, **kwargs)
