"""Pledges, ratings, projects and contributions over the API."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.response import Response

from common.client import client_ip
from common.forms import honeypot_check_api
from common.ratelimit import ClientRateThrottle, over_limit
from grids.filters import IdFilter, YearFilter

from .models import Contribution, ListStatus, Pledge, PledgeRating, Project, Satisfaction
from .permissions import projects_for, rater_verified
from .selectors import _with_rating_counts
from .services import VOTER_COOKIE, pledge_rate, voter_issue


class PledgeFilter(django_filters.FilterSet):
    node = IdFilter(field_name="pledge_list__node_id")
    unit = IdFilter(field_name="pledge_list__unit_id")
    year = YearFilter(field_name="pledge_list__year")

    class Meta:
        model = Pledge
        fields = ["node", "unit", "year", "status", "category"]


class PledgeSerializer(serializers.ModelSerializer):
    pledger = serializers.CharField(source="pledge_list.pledger_name", read_only=True)
    year = serializers.IntegerField(source="pledge_list.year", read_only=True)
    node = serializers.IntegerField(source="pledge_list.node_id", read_only=True)
    satisfied = serializers.IntegerField(read_only=True)
    basic = serializers.IntegerField(read_only=True)
    unsatisfied = serializers.IntegerField(read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "text",
            "category",
            "due_on",
            "status",
            "explanation",
            "evidence_text",
            "pledger",
            "year",
            "node",
            "satisfied",
            "basic",
            "unsatisfied",
        ]
        read_only_fields = fields


class PledgeViewSet(viewsets.ReadOnlyModelViewSet):
    """Published pledges with their residents' ratings; open to everyone."""

    serializer_class = PledgeSerializer
    filterset_class = PledgeFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Pledge]:
        return _with_rating_counts(
            Pledge.objects.filter(pledge_list__status=ListStatus.PUBLISHED)
            .select_related("pledge_list__node", "pledge_list__unit")
            .order_by("pk")
        )


class RatingThrottle(ClientRateThrottle):
    limit = "api-ratings"


class PledgeRatingSerializer(serializers.Serializer):
    pledge = serializers.PrimaryKeyRelatedField(
        queryset=Pledge.objects.filter(pledge_list__status=ListStatus.PUBLISHED)
    )
    value = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True)
    voter_token = serializers.CharField(
        max_length=200,
        required=False,
        write_only=True,
        help_text="The identity from POST pledge-ratings/voter/ (or the board's voter cookie).",
    )
    website = serializers.CharField(required=False, allow_blank=True, write_only=True)


class VoterSerializer(serializers.Serializer):
    voter_token = serializers.CharField(read_only=True)


class PledgeRatingViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Rate a published pledge: once per rater per pledge per month. Create only.

    The rater's identity is issued by the server (POST voter/, or the board page's cookie),
    never made up by the client; the page's honeypot, per-address limit and
    PLEDGE_RATING_VERIFIER apply here too."""

    serializer_class = PledgeRatingSerializer
    permission_classes = [permissions.AllowAny]
    throttle_classes = [RatingThrottle]
    queryset = PledgeRating.objects.none()

    @extend_schema(request=None, responses={201: VoterSerializer})
    @action(detail=False, methods=["post"], serializer_class=VoterSerializer)
    def voter(self, request, *args, **kwargs):
        """Issue a rater identity (signed by the server) to send with each rating."""
        if over_limit(request, "voter"):
            raise Throttled(detail=_("Too many ratings from your network; please try again later."))
        return Response({"voter_token": voter_issue()}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={201: None})
    def create(self, request, *args, **kwargs):
        honeypot_check_api(request.data)
        if not rater_verified(request):
            raise PermissionDenied(_("Please verify your phone number before rating."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            pledge_rate(
                pledge=data["pledge"],
                value=data["value"],
                comment=data.get("comment", ""),
                voter_token=data.get("voter_token") or request.COOKIES.get(VOTER_COOKIE) or "",
                address=client_ip(request),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(status=status.HTTP_201_CREATED)


class ProjectSerializer(serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "goal",
            "node",
            "node_name",
            "lead_unit",
            "starts_on",
            "ends_on",
            "status",
            "progress",
        ]
        read_only_fields = fields


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer
    filterset_fields = ["status", "node"]

    def get_queryset(self) -> QuerySet[Project]:
        return projects_for(self.request.user).select_related("node").order_by("-starts_on", "pk")


class ContributionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "project",
            "unit",
            "unit_name",
            "kind",
            "description",
            "value",
            "person_days",
            "contributed_on",
        ]
        read_only_fields = fields


class ContributionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContributionSerializer
    filterset_fields = ["project", "unit", "kind"]

    def get_queryset(self) -> QuerySet[Contribution]:
        return (
            Contribution.objects.filter(project__in=projects_for(self.request.user))
            .select_related("unit")
            .order_by("pk")
        )
