"""The alliance API: /api/v1/units/, committees/, meetings/, followups/ (read, scoped)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from common.forms import refusal_to_api
from organizations.models import Unit
from organizations.selectors import units_visible_to

from .filters import CommunityFilterSet, FollowUpFilter
from .models import Committee, DistrictReport, FollowUp, Meeting
from .permissions import (
    committees_visible_to,
    district_reports_visible_to,
    followups_visible_to,
    meetings_visible_to,
)
from .services import followups


class UnitFilter(CommunityFilterSet):
    community_path = "community_id"
    kind = django_filters.CharFilter()
    active = django_filters.BooleanFilter(method="filter_active", label=_("alliance member today"))

    class Meta:
        model = Unit
        fields = ["community", "kind", "active"]

    def filter_active(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        active = queryset.active_on(timezone.localdate())
        return active if value else queryset.exclude(pk__in=active.values("pk"))


class UnitSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "kind",
            "community",
            "community_name",
            "grid",
            "leader_name",
            "address",
            "latitude",
            "longitude",
            "joined_on",
            "left_on",
            "rota_order",
        ]
        read_only_fields = fields


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Member units the caller may see."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self) -> QuerySet[Unit]:
        return units_visible_to(self.request.user).select_related("community").order_by("pk")


class CommitteeFilter(CommunityFilterSet):
    community_path = "node_id"

    class Meta:
        model = Committee
        fields = ["community", "kind"]


class CommitteeSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "name",
            "kind",
            "cadence",
            "node",
            "node_name",
            "convener_notice_days",
            "member_notice_days",
            "member_last_notice_days",
            "followup_notice_days",
            "minutes_nudge_days",
        ]
        read_only_fields = fields


class CommitteeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter

    def get_queryset(self) -> QuerySet[Committee]:
        return committees_visible_to(self.request.user).order_by("pk")


class MeetingFilter(CommunityFilterSet):
    community_path = "committee__node_id"
    status = django_filters.CharFilter()
    after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["community", "committee", "kind", "status", "after", "before"]


class MeetingSerializer(serializers.ModelSerializer):
    convener_name = serializers.CharField(source="convener.name", read_only=True, default=None)
    committee_name = serializers.CharField(source="committee.name", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "kind",
            "committee",
            "committee_name",
            "convener",
            "convener_name",
            "starts_at",
            "ends_at",
            "place_kind",
            "place",
            "address",
            "status",
            "minutes_published_at",
        ]
        read_only_fields = fields


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            meetings_visible_to(self.request.user)
            .select_related("committee", "convener")
            .order_by("-starts_at", "pk")
        )


class FollowUpSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    sla_light = serializers.SerializerMethodField()
    escalated = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "title",
            "meeting",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "created_at",
            "closed_at",
            "sla_light",
            "escalated",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["green", "yellow", "red", "done"]))
    def get_sla_light(self, obj: FollowUp) -> str:
        return obj.sla_light()

    @extend_schema_field(serializers.BooleanField())
    def get_escalated(self, obj: FollowUp) -> bool:
        return hasattr(obj, "escalation")


class ReferSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RulingSerializer(serializers.Serializer):
    decision = serializers.CharField(max_length=2000)
    close_item = serializers.BooleanField(default=False)


class DistrictReportSerializer(serializers.ModelSerializer):
    followup_title = serializers.CharField(source="followup.title", read_only=True)
    street_name = serializers.CharField(source="street.name", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = DistrictReport
        fields = [
            "id",
            "followup",
            "followup_title",
            "district",
            "street",
            "street_name",
            "reason",
            "raised_at",
            "decision",
            "decided_at",
            "is_open",
        ]
        read_only_fields = fields


class FollowUpViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter

    def get_queryset(self) -> QuerySet[FollowUp]:
        return (
            followups_visible_to(self.request.user)
            .select_related("owner", "escalation", "meeting__committee__node")
            .order_by("due_on", "pk")
        )

    @extend_schema(request=ReferSerializer, responses={201: DistrictReportSerializer})
    @action(detail=True, methods=["post"], serializer_class=ReferSerializer)
    def refer(self, request: Request, pk: str | None = None) -> Response:
        """The street's staff report an item the street cannot settle to the district."""
        item = self.get_object()
        given = ReferSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            report = followups.followup_report_to_district(
                item=item, by=request.user, **given.validated_data
            )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise refusal_to_api(exc) from exc
        return Response(DistrictReportSerializer(report).data, status=status.HTTP_201_CREATED)


class DistrictReportViewSet(viewsets.ReadOnlyModelViewSet):
    """What the streets reported up to their district (向上级党委汇报), and its decisions."""

    serializer_class = DistrictReportSerializer

    def get_queryset(self) -> QuerySet[DistrictReport]:
        return (
            district_reports_visible_to(self.request.user)
            .select_related("followup", "street", "district")
            .order_by("-raised_at", "pk")
        )

    @extend_schema(request=RulingSerializer, responses={200: DistrictReportSerializer})
    @action(detail=True, methods=["post"], serializer_class=RulingSerializer)
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """The district's staff record the district's decision; it flows back to the item."""
        report = self.get_object()
        given = RulingSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            followups.district_report_decide(report=report, by=request.user, **given.validated_data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise refusal_to_api(exc) from exc
        return Response(DistrictReportSerializer(report).data)
