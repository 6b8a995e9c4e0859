"""The read API of the hierarchy: /api/v1/nodes/ (scoped), and /api/v1/places/ (public): the
compounds of a community and the buildings of a compound, for the public forms."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scope import scope_for
from common.params import parse_query
from grids.filters import IdFilter
from grids.forms import PlacesQuery
from grids.models import Node, NodeKind
from grids.selectors import buildings_of, compounds_of, node_ancestors

from .selectors import node_list


class NodeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=NodeKind.choices)
    level = django_filters.NumberFilter(
        field_name="grid_level", label=_("grid level (1-3)"), min_value=1, max_value=3
    )
    parent = IdFilter(field_name="parent_id", label=_("parent node id"))
    under = IdFilter(method="filter_under", label=_("in the subtree of node id"))
    search = django_filters.CharFilter(method="filter_search", label=_("name, code or address"))

    class Meta:
        model = Node
        fields = ["kind", "level", "parent", "under", "search"]

    def filter_under(self, queryset: QuerySet[Node], name: str, value: int) -> QuerySet[Node]:
        # Look the root up inside the user's scope, so a foreign id finds nothing.
        root = scope_for(self.request.user).filter(Node.objects.filter(pk=value)).first()
        if root is None:
            return queryset.none()
        return queryset.under(root)

    def filter_search(self, queryset: QuerySet[Node], name: str, value: str) -> QuerySet[Node]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(code_path__icontains=value) | Q(address__icontains=value)
        )


class NodeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    depth = serializers.IntegerField(source="level", read_only=True)
    is_three_none = serializers.SerializerMethodField()

    class Meta:
        model = Node
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "grid_level",
            "depth",
            "code",
            "code_path",
            "parent",
            "address",
            "latitude",
            "longitude",
            "households",
            "residents",
            "floating_population",
            "resident_party_members",
            "service_centre",
            "has_owners_committee",
            "property_company",
            "is_three_none",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_is_three_none(self, obj: Node) -> bool | None:
        return obj.is_three_none if obj.kind == NodeKind.COMPOUND else None


class AncestorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Node
        fields = ["id", "name", "kind", "code"]
        read_only_fields = fields


class NodeDetailSerializer(NodeSerializer):
    ancestors = serializers.SerializerMethodField()

    class Meta(NodeSerializer.Meta):
        fields = [*NodeSerializer.Meta.fields, "ancestors"]
        read_only_fields = fields

    @extend_schema_field(AncestorSerializer(many=True))
    def get_ancestors(self, obj: Node) -> list[dict]:
        return AncestorSerializer(node_ancestors(obj), many=True).data


class NodeViewSet(viewsets.ReadOnlyModelViewSet):
    """The nodes of the hierarchy the caller may see; a node elsewhere answers 404."""

    filterset_class = NodeFilter

    def get_queryset(self) -> QuerySet[Node]:
        return node_list(user=self.request.user)

    def get_serializer_class(self):
        return NodeDetailSerializer if self.action == "retrieve" else NodeSerializer


class PlaceSerializer(serializers.ModelSerializer):
    """A compound or building as a public form offers it: its id, name and the label the form
    shows (a compound's grid before its name). Nothing about the people who live there."""

    label = serializers.SerializerMethodField()

    class Meta:
        model = Node
        fields = ["id", "name", "kind", "parent", "label"]
        read_only_fields = fields

    def get_label(self, obj: Node) -> str:
        # A compound is told apart by its grid; a building's select already names its compound.
        if obj.kind == NodeKind.BUILDING or obj.parent is None:
            return obj.name
        return f"{obj.parent.name} · {obj.name}"


# The most places one answer lists: more compounds than a community has, more buildings than a
# compound has.
MAX_PLACES = 1000


class PlaceListView(APIView):
    """The compounds of a community (?community=) or the buildings of a compound (?compound=),
    open to everyone: the public forms narrow their choices with it. An id that is no community
    (or no compound) lists nothing."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("community", OpenApiTypes.INT, description="a community's id"),
            OpenApiParameter("compound", OpenApiTypes.INT, description="a compound's id"),
        ],
        responses=PlaceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = parse_query(PlacesQuery, request)
        if query["community"]:
            parent = Node.objects.communities().filter(pk=query["community"]).first()
            places = compounds_of(parent) if parent else Node.objects.none()
        else:
            parent = Node.objects.compounds().filter(pk=query["compound"]).first()
            places = buildings_of(parent) if parent else Node.objects.none()
        rows = PlaceSerializer(places[:MAX_PLACES], many=True).data
        return Response({"count": len(rows), "results": rows})
