"""The yearly appraisal over the API: the years and the units' rows a caller reads (in scope;
published years for everyone), through the same permission helpers as the pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from rest_framework import permissions, serializers, viewsets

from accounts.models import Role
from accounts.scope import can_manage, scope_for

from .models import AppraisalStatus, UnitAppraisal


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
