"""The volunteers API: volunteers, teams, activities, sign-ups, check-ins, points, dual reports."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, QuerySet
from rest_framework import mixins, permissions, serializers, viewsets

from accounts.scope import can_manage, scope_for
from common.pagination import LedgerPagination
from common.queries import count_per_row

from . import services
from .models import Activity, CheckIn, DualReport, PointEntry, Signup, SignupStatus, Team, Volunteer
from .permissions import volunteer_of


def _in_scope(user, queryset: QuerySet, path: str) -> QuerySet:
    if can_manage(user):
        return scope_for(user).filter(queryset, path)
    return queryset.none()


class VolunteerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "community",
            "skills",
            "availability",
            "is_party_member",
            "work_unit",
            "status",
            "registered_at",
        ]
        read_only_fields = fields


class VolunteerViewSet(viewsets.ReadOnlyModelViewSet):
    """Volunteers in the caller's scope (phones are not given out)."""

    serializer_class = VolunteerSerializer
    filterset_fields = ["status", "community", "is_party_member", "work_unit"]

    def get_queryset(self):
        return _in_scope(self.request.user, Volunteer.objects.order_by("pk"), "community")


class TeamSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "node", "unit", "leader", "member_count"]
        read_only_fields = fields


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TeamSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["node", "unit"]

    def get_queryset(self):
        return Team.objects.annotate(member_count=Count("members")).order_by("pk")


class ActivitySerializer(serializers.ModelSerializer):
    taken = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "kind",
            "node",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "taken",
            "organiser_unit",
            "organiser_team",
            "cancelled_at",
        ]
        read_only_fields = fields


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Activities, open to everyone, with the places taken."""

    serializer_class = ActivitySerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["kind", "node", "organiser_unit"]

    def get_queryset(self):
        confirmed = Signup.objects.filter(status=SignupStatus.CONFIRMED)
        return Activity.objects.annotate(taken=count_per_row(confirmed, "activity")).order_by(
            "-starts_at", "pk"
        )


class SignupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signup
        fields = ["id", "activity", "volunteer", "status", "created_at"]
        read_only_fields = ["id", "volunteer", "status", "created_at"]


class SignupViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A volunteer's own sign-ups; POST {"activity": id} signs up (place or waiting list)."""

    serializer_class = SignupSerializer
    pagination_class = LedgerPagination

    def get_queryset(self):
        me = volunteer_of(self.request.user)
        qs = Signup.objects.order_by("-created_at", "pk")
        if can_manage(self.request.user):
            return scope_for(self.request.user).filter(qs, "activity__node")
        return qs.filter(volunteer=me) if me else qs.none()

    def perform_create(self, serializer):
        me = volunteer_of(self.request.user)
        if me is None:
            raise serializers.ValidationError({"detail": "Only volunteers sign up."})
        try:
            serializer.instance = services.activity_signup(
                activity=serializer.validated_data["activity"], volunteer=me
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc


class CheckInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = [
            "id",
            "volunteer",
            "activity",
            "post",
            "community",
            "checked_in_at",
            "checked_out_at",
            "hours",
            "status",
            "flagged",
        ]
        read_only_fields = fields


class CheckInViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CheckInSerializer
    pagination_class = type(
        "CheckInPagination", (LedgerPagination,), {"ordering": ("-checked_in_at", "-id")}
    )
    filterset_fields = ["status", "activity", "flagged"]

    def get_queryset(self):
        me = volunteer_of(self.request.user)
        qs = CheckIn.objects.order_by("-checked_in_at", "pk")
        if can_manage(self.request.user):
            return scope_for(self.request.user).filter(qs, "community")
        return qs.filter(volunteer=me) if me else qs.none()


class PointEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = PointEntry
        fields = [
            "id",
            "volunteer",
            "amount",
            "rule",
            "source",
            "source_key",
            "reason",
            "reverses",
            "created_at",
        ]
        read_only_fields = fields


class PointEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The points ledger, read only: a volunteer's own, or those in the caller's scope."""

    serializer_class = PointEntrySerializer
    pagination_class = LedgerPagination
    filterset_fields = ["volunteer", "source"]

    def get_queryset(self):
        me = volunteer_of(self.request.user)
        qs = PointEntry.objects.order_by("-created_at", "pk")
        if can_manage(self.request.user):
            return scope_for(self.request.user).filter(qs, "volunteer__community")
        return qs.filter(volunteer=me) if me else qs.none()


class DualReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = DualReport
        fields = [
            "id",
            "kind",
            "community",
            "unit",
            "volunteer",
            "year",
            "reported_at",
            "confirmed_at",
            "grid",
            "team",
        ]
        read_only_fields = fields


class DualReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DualReportSerializer
    filterset_fields = ["kind", "year", "community", "unit"]

    def get_queryset(self):
        return _in_scope(self.request.user, DualReport.objects.order_by("pk"), "community")
