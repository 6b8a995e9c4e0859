"""The yearly appraisal over the API: the years and the units' rows a caller reads (in scope;
published years for everyone), through the same permission helpers as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from accounts.scope import can_manage, get_or_404, scope_for
from common.client import client_ip
from common.forms import honeypot_check_api, refusal_to_api
from common.ratelimit import ClientRateThrottle
from common.voters import VOTER_COOKIE

from . import services
from .models import AppraisalStatus, UnitAppraisal


class RatingThrottle(ClientRateThrottle):
    limit = "api-ratings"


class UnitAppraisalSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    year = serializers.IntegerField(source="appraisal.year", read_only=True)
    street = serializers.IntegerField(source="appraisal.street_id", read_only=True)
    status = serializers.CharField(source="appraisal.status", read_only=True)

    class Meta:
        model = UnitAppraisal
        fields = [
            "id",
            "year",
            "street",
            "status",
            "unit",
            "unit_name",
            "facts",
            "report",
            "facts_score",
            "votes_score",
            "score",
            "rank_in_community",
            "rank_in_street",
            "stars",
            "reasons",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.Serializer):
    report = serializers.CharField(max_length=5000)


class RateSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)
    voter_token = serializers.CharField(
        max_length=200,
        required=False,
        write_only=True,
        help_text="A resident's identity from POST pledge-ratings/voter/; members sign in.",
    )
    website = serializers.CharField(required=False, allow_blank=True, write_only=True)


class UnitAppraisalViewSet(viewsets.ReadOnlyModelViewSet):
    """The units' yearly appraisals: published years for everyone; open years to the staff of
    the place and to the unit's own contact."""

    serializer_class = UnitAppraisalSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["unit", "stars"]

    def get_queryset(self) -> QuerySet[UnitAppraisal]:
        user = self.request.user
        rows = UnitAppraisal.objects.select_related("unit", "appraisal").order_by(
            "-appraisal__year", "appraisal_id", "rank_in_street", "pk"
        )
        published = Q(appraisal__status=AppraisalStatus.PUBLISHED)
        if can_manage(user):
            return scope_for(user).filter(rows, "unit__community") | rows.filter(published)
        if user.is_authenticated and user.role == Role.UNIT_CONTACT:
            return rows.filter(published | Q(unit_id=user.unit_id))
        return rows.filter(published)

    @extend_schema(request=ReportSerializer, responses={200: UnitAppraisalSerializer})
    @action(detail=True, methods=["post"], serializer_class=ReportSerializer)
    def report(self, request: Request, pk: str | None = None) -> Response:
        """The unit's contact files its report (述职) while the year is open."""
        row = self.get_object()
        given = ReportSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            services.unit_report_file(unit_appraisal=row, by=request.user, **given.validated_data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise refusal_to_api(exc) from exc
        return Response(UnitAppraisalSerializer(row).data)

    @extend_schema(request=RateSerializer, responses={201: None})
    @action(
        detail=True,
        methods=["post"],
        serializer_class=RateSerializer,
        throttle_classes=[RatingThrottle],
    )
    def rate(self, request: Request, pk: str | None = None) -> Response:
        """Rate a unit's open year: a signed-in member as a member, anyone else as a resident
        with the server's rater identity; once each."""
        row = get_or_404(
            UnitAppraisal.objects.filter(appraisal__status=AppraisalStatus.OPEN).select_related(
                "appraisal__street", "unit__community"
            ),
            pk,
        )
        honeypot_check_api(request.data)
        given = RateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        stars = given.validated_data["stars"]
        try:
            if request.user.is_authenticated:
                services.appraisal_rate_as_member(unit_appraisal=row, stars=stars, by=request.user)
            else:
                services.appraisal_rate(
                    unit_appraisal=row,
                    stars=stars,
                    voter_token=given.validated_data.get("voter_token")
                    or request.COOKIES.get(VOTER_COOKIE)
                    or "",
                    address=client_ip(request),
                )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise refusal_to_api(exc) from exc
        return Response(status=status.HTTP_201_CREATED)
