"""Pledges, ratings, projects and contributions over the API."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from accounts.scope import get_in_scope_or_404, get_or_404
from common.client import client_ip
from common.forms import honeypot_check_api, refusal_to_api
from common.ratelimit import ClientRateThrottle, over_limit
from grids.filters import IdFilter, YearFilter
from grids.models import Node, NodeKind
from servicedesk.selectors import ServiceCategory

from .models import (
    Contribution,
    ListStatus,
    Need,
    NeedSource,
    Pledge,
    PledgeRating,
    Project,
    ProjectRating,
    Resource,
    Satisfaction,
    Urgency,
)
from .permissions import (
    needs_for,
    projects_for,
    rater_verified,
    resources_for,
    units_for_resources,
    units_to_match,
)
from .selectors import _with_rating_counts, needs_listed
from .services import VOTER_COOKIE, pledge_rate, voter_issue
from .services.lists import need_offer, need_record, need_to_project, project_rate, resource_add


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


class RatingFields(serializers.Serializer):
    """What every residents' rating sends: the value, a comment, the rater's identity and the
    honeypot."""

    value = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True)
    voter_token = serializers.CharField(
        max_length=200,
        required=False,
        write_only=True,
        help_text="The identity from POST pledge-ratings/voter/ (or the page's voter cookie).",
    )
    website = serializers.CharField(required=False, allow_blank=True, write_only=True)


class PledgeRatingSerializer(RatingFields):
    pledge = serializers.PrimaryKeyRelatedField(
        queryset=Pledge.objects.filter(pledge_list__status=ListStatus.PUBLISHED)
    )


class VoterSerializer(serializers.Serializer):
    voter_token = serializers.CharField(read_only=True)


class RatingCreate(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A residents' rating, created only: the page's honeypot, PLEDGE_RATING_VERIFIER, the
    signed rater identity and the per-address limit apply as on the site. `rate(data,
    voter_token, address)` calls the service."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [RatingThrottle]

    def rate(self, data: dict, voter_token: str, address: str) -> None:
        raise NotImplementedError

    @extend_schema(responses={201: None})
    def create(self, request: Request, *args, **kwargs) -> Response:
        honeypot_check_api(request.data)
        if not rater_verified(request):
            raise PermissionDenied(_("Please verify your phone number before rating."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token = data.get("voter_token") or request.COOKIES.get(VOTER_COOKIE) or ""
        try:
            self.rate(data, token, client_ip(request))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(status=status.HTTP_201_CREATED)


class PledgeRatingViewSet(RatingCreate):
    """Rate a published pledge: once per rater per pledge per month. Create only.

    The rater's identity is issued by the server (POST voter/, or the board page's cookie),
    never made up by the client; the page's honeypot, per-address limit and
    PLEDGE_RATING_VERIFIER apply here too."""

    serializer_class = PledgeRatingSerializer
    queryset = PledgeRating.objects.none()

    @extend_schema(request=None, responses={201: VoterSerializer})
    @action(detail=False, methods=["post"], serializer_class=VoterSerializer)
    def voter(self, request, *args, **kwargs):
        """Issue a rater identity (signed by the server) to send with each rating."""
        if over_limit(request, "voter"):
            raise Throttled(detail=_("Too many ratings from your network; please try again later."))
        return Response({"voter_token": voter_issue()}, status=status.HTTP_201_CREATED)

    def rate(self, data: dict, voter_token: str, address: str) -> None:
        pledge_rate(
            pledge=data["pledge"],
            value=data["value"],
            comment=data.get("comment", ""),
            voter_token=voter_token,
            address=address,
        )


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


# The three lists: needs (in scope; a unit's contact offers), resources (a unit's own, or the
# units' in scope), and residents' ratings of the finished projects made of the needs.


class NeedSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    offer_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "community",
            "community_name",
            "place",
            "title",
            "description",
            "category",
            "people",
            "urgency",
            "source",
            "source_id",
            "status",
            "project",
            "offer_count",
            "created_at",
            "closed_at",
        ]
        read_only_fields = ["status", "project", "offer_count", "created_at", "closed_at"]


class NeedRecordSerializer(serializers.Serializer):
    community = serializers.IntegerField()
    place = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=ServiceCategory.choices)
    people = serializers.IntegerField(min_value=1, default=1)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.SOON)
    source = serializers.ChoiceField(choices=NeedSource.choices)
    source_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class NeedOfferSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300)
    resource = serializers.IntegerField(required=False, allow_null=True)


class NeedProjectSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    goal = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    lead_unit = serializers.IntegerField()
    resources = serializers.ListField(child=serializers.IntegerField(), required=False)


class NeedViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The demand list in the caller's scope (a unit's contact: its street's). Staff record a
    need (POST); a unit's contact offers the unit (POST {id}/offer/)."""

    serializer_class = NeedSerializer
    filterset_fields = ["community", "status", "category", "urgency"]

    def get_queryset(self) -> QuerySet[Need]:
        return needs_listed(needs_for(self.request.user)).order_by("-created_at", "pk")

    @extend_schema(request=NeedRecordSerializer, responses={201: NeedSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        given = NeedRecordSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        communities = Node.objects.filter(kind=NodeKind.COMMUNITY)
        data["community"] = get_in_scope_or_404(request.user, communities, pk=data["community"])
        if data.get("place"):
            data["place"] = get_in_scope_or_404(request.user, Node.objects.all(), pk=data["place"])
        try:
            need = need_record(by=request.user, **data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise refusal_to_api(exc) from exc
        return Response(
            NeedSerializer(needs_listed(Need.objects.filter(pk=need.pk)).get()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=NeedOfferSerializer, responses={201: None})
    @action(detail=True, methods=["post"], serializer_class=NeedOfferSerializer)
    def offer(self, request: Request, pk: str | None = None) -> Response:
        """A unit's contact offers the unit to meet the need."""
        need = self.get_object()
        if request.user.role != Role.UNIT_CONTACT or not request.user.unit_id:
            raise PermissionDenied
        given = NeedOfferSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        resource = None
        if given.validated_data.get("resource"):
            resource = get_or_404(
                Resource.objects.filter(unit_id=request.user.unit_id),
                given.validated_data["resource"],
            )
        try:
            need_offer(
                need=need,
                unit=request.user.unit,
                note=given.validated_data["note"],
                resource=resource,
                by=request.user,
            )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise refusal_to_api(exc) from exc
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(request=NeedProjectSerializer, responses={201: ProjectSerializer})
    @action(detail=True, methods=["post"], serializer_class=NeedProjectSerializer)
    def project(self, request: Request, pk: str | None = None) -> Response:
        """Staff make the need a co-building project led by one of the units that may meet
        it, with the resources of those units it draws on."""
        need = self.get_object()
        given = NeedProjectSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        units = units_to_match(request.user, need)
        data["lead_unit"] = get_or_404(units, data["lead_unit"])
        wanted = set(data.pop("resources", []))
        resources = list(Resource.objects.filter(pk__in=wanted, unit__in=units, active=True))
        if len(resources) != len(wanted):
            raise serializers.ValidationError(
                {"resources": [_("Choose resources of these units.")]}
            )
        try:
            project = need_to_project(need=need, resources=resources, by=request.user, **data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise refusal_to_api(exc) from exc
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ResourceSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "category",
            "title",
            "capacity",
            "availability",
            "active",
        ]
        read_only_fields = ["active"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        if "unit" in fields and request is not None:
            fields["unit"].queryset = units_for_resources(request.user)
        return fields


class ResourceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The resource list a caller keeps: its unit's for a unit's contact, the units' in scope
    for staff. POST adds one through the same service as the site."""

    serializer_class = ResourceSerializer
    filterset_fields = ["unit", "kind", "category", "active"]

    def get_queryset(self) -> QuerySet[Resource]:
        return resources_for(self.request.user).order_by("unit__name", "pk")

    def perform_create(self, serializer: ResourceSerializer) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = resource_add(by=self.request.user, **data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise refusal_to_api(exc) from exc


class ProjectRatingSerializer(RatingFields):
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.filter(needs__isnull=False).distinct()
    )


class ProjectRatingViewSet(RatingCreate):
    """Rate a completed project made of a community's need: once per rater. Create only; the
    pledge ratings' identity, honeypot, limits and verifier apply."""

    serializer_class = ProjectRatingSerializer
    queryset = ProjectRating.objects.none()

    def rate(self, data: dict, voter_token: str, address: str) -> None:
        project_rate(
            project=data["project"],
            value=data["value"],
            comment=data.get("comment", ""),
            voter_token=voter_token,
            address=address,
        )
