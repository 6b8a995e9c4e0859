"""/api/v1/service-sites/: by bounding box for the visible map, or within a walk of a point."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .models import ServiceSite, SiteKind
from .selectors import in_bbox, sites_within


class SiteSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    community = serializers.CharField(source="node.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    metres = serializers.IntegerField(read_only=True, required=False)
    walking_minutes = serializers.FloatField(read_only=True, required=False)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = ServiceSite
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "address",
            "latitude",
            "longitude",
            "hours",
            "services",
            "contact_name",
            "contact_phone",
            "community",
            "unit_name",
            "metres",
            "walking_minutes",
            "url",
        ]
        read_only_fields = fields


def _float(params, name: str, low: float, high: float) -> float:
    try:
        value = float(params[name])
    except (KeyError, ValueError) as exc:
        raise ValidationError({name: "a number is required"}) from exc
    if not low <= value <= high:
        raise ValidationError({name: f"must be between {low} and {high}"})
    return value


# The walk search lists the nearest 50 by default (a phone's screenful; "count" says how many
# are within the walk), up to 200 on request.
NEAR_SHOWN, NEAR_MAX = 50, 200


class SitePagination(PageNumberPagination):
    """The map asks for up to 500 sites of the visible box in one page."""

    page_size_query_param = "page_size"
    max_page_size = 500


@extend_schema(
    parameters=[
        OpenApiParameter("lat", OpenApiTypes.FLOAT, description="latitude of the starting point"),
        OpenApiParameter("lng", OpenApiTypes.FLOAT, description="longitude of the starting point"),
        OpenApiParameter("minutes", OpenApiTypes.FLOAT, description="walking minutes (default 15)"),
        OpenApiParameter(
            "limit",
            OpenApiTypes.INT,
            description="with lat and lng: the nearest how many (50, at most 200)",
        ),
        OpenApiParameter("bbox", OpenApiTypes.STR, description="min_lng,min_lat,max_lng,max_lat"),
        OpenApiParameter("kind", OpenApiTypes.STR, enum=SiteKind.values),
    ]
)
class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    """Open service sites. With lat and lng: those within the walk, nearest first, with
    walking minutes. With bbox: those in the box (the visible part of the map)."""

    serializer_class = SiteSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = SitePagination

    def get_queryset(self):
        qs = ServiceSite.objects.filter(active=True).select_related("node", "unit").order_by("pk")
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in SiteKind.values:
                raise ValidationError({"kind": f"one of {', '.join(SiteKind.values)}"})
            qs = qs.filter(kind=kind)
        bbox = self.request.query_params.get("bbox")
        if bbox:
            try:
                west, south, east, north = (float(v) for v in bbox.split(","))
            except ValueError as exc:
                raise ValidationError({"bbox": "min_lng,min_lat,max_lng,max_lat"}) from exc
            qs = in_bbox(qs, (south, west, north, east))
        return qs

    def list(self, request, *args, **kwargs):
        params = request.query_params
        if "lat" not in params and "lng" not in params:
            return super().list(request, *args, **kwargs)
        lat = _float(params, "lat", -90, 90)
        lng = _float(params, "lng", -180, 180)
        minutes = (
            _float(params, "minutes", 1, 120) if "minutes" in params else settings.WALK_MINUTES
        )
        limit = int(_float(params, "limit", 1, NEAR_MAX)) if "limit" in params else NEAR_SHOWN
        found = sites_within(lat, lng, minutes, base=self.get_queryset(), limit=limit)
        rows = []
        for near in found:
            near.site.metres, near.site.walking_minutes = near.metres, near.minutes
            rows.append(near.site)
        return Response(
            {
                "count": found.total,
                "minutes": minutes,
                "results": SiteSerializer(rows, many=True).data,
            }
        )
