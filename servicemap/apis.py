"""/api/v1/service-sites/: by bounding box for the visible map, or within a walk of a point."""

from __future__ import annotations

from django import forms
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from common.params import BBoxField, CoordinateField, parse_query

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


# The walk search lists the nearest 50 by default (a phone's screenful; "count" says how many
# are within the walk), up to 200 on request.
NEAR_SHOWN, NEAR_MAX = 50, 200


class SiteQuery(forms.Form):
    """The map's query: a kind, a box, or a point with how far and how many."""

    kind = forms.ChoiceField(choices=[("", ""), *SiteKind.choices], required=False)
    bbox = BBoxField()
    lat = CoordinateField(90)
    lng = CoordinateField(180)
    minutes = forms.FloatField(min_value=1, max_value=120, required=False)
    limit = forms.IntegerField(min_value=1, max_value=NEAR_MAX, required=False)

    def clean(self) -> dict:
        data = super().clean()
        for name, other in (("lat", "lng"), ("lng", "lat")):
            if name in self.data and data.get(other) is None and other not in self.errors:
                self.add_error(other, forms.Field.default_error_messages["required"])
        return data


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
        query = parse_query(SiteQuery, self.request)
        qs = ServiceSite.objects.filter(active=True).select_related("node", "unit").order_by("pk")
        if query["kind"]:
            qs = qs.filter(kind=query["kind"])
        if query["bbox"]:
            qs = in_bbox(qs, query["bbox"])
        return qs

    def list(self, request, *args, **kwargs):
        query = parse_query(SiteQuery, request)
        if query["lat"] is None:
            return super().list(request, *args, **kwargs)
        minutes = query["minutes"] or settings.WALK_MINUTES
        found = sites_within(
            query["lat"],
            query["lng"],
            minutes,
            base=self.get_queryset(),
            limit=query["limit"] or NEAR_SHOWN,
        )
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
