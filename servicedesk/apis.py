"""Service menus, micro-wishes and service requests over the API: public create, scoped read."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import Throttled

from common.forms import honeypot_check_api
from common.ratelimit import ClientRateThrottle, over_limit
from grids.models import Node, NodeKind, phone_validator

from . import services
from .models import MicroWish, ServiceOffer, ServiceRequest
from .permissions import (
    name_shown,
    phone_shown,
    requests_for,
    wish_name_shown,
    wish_phone_shown,
    wishes_for,
)


class SubmissionThrottle(ClientRateThrottle):
    limit = "api-submissions"


class OfferSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    community = serializers.IntegerField(source="unit.community_id", read_only=True)

    class Meta:
        model = ServiceOffer
        fields = [
            "id",
            "title",
            "category",
            "description",
            "unit",
            "unit_name",
            "community",
            "place",
            "latitude",
            "longitude",
            "hours",
            "capacity",
            "contact_name",
            "contact_phone",
        ]
        read_only_fields = fields


class OfferViewSet(viewsets.ReadOnlyModelViewSet):
    """The service menu: what member units offer residents. Open to everyone."""

    serializer_class = OfferSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["category", "unit"]

    def get_queryset(self) -> QuerySet[ServiceOffer]:
        return ServiceOffer.objects.filter(active=True).select_related("unit").order_by("pk")


class PublicCreateMixin:
    """Anyone may create (with a throttle); reading needs an account and stays in scope.

    A create keeps the HTML form's rules: the honeypot field `website` must stay empty, and
    it counts against the same per-address limit (`limit`, in settings.RATE_LIMITS)."""

    limit = ""

    def perform_create(self, serializer):
        honeypot_check_api(self.request.data)
        if over_limit(self.request, self.limit):
            raise Throttled(
                detail=_("Too many submissions from your network; please try again later.")
            )
        super().perform_create(serializer)

    def get_permissions(self):
        if self.action == "create":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_throttles(self):
        return [SubmissionThrottle()] if self.action == "create" else super().get_throttles()


communities = Node.objects.filter(kind=NodeKind.COMMUNITY)
places = Node.objects.filter(kind__in=[NodeKind.COMPOUND, NodeKind.BUILDING])


class ResidentCaseSerializer(serializers.ModelSerializer):
    """What wishes and requests share over the API: the tracking code goes back once, in the
    answer to the resident's own create, and is in no list or detail for anyone."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        view = self.context.get("view")
        if getattr(view, "action", None) == "create":
            data["tracking_code"] = instance.tracking_code
        return data


class WishSerializer(ResidentCaseSerializer):
    community = serializers.PrimaryKeyRelatedField(queryset=communities)
    place = serializers.PrimaryKeyRelatedField(queryset=places, required=False, allow_null=True)
    resident_phone = serializers.CharField(
        write_only=True, max_length=20, validators=[phone_validator]
    )
    phone = serializers.SerializerMethodField()

    class Meta:
        model = MicroWish
        fields = [
            "id",
            "community",
            "place",
            "title",
            "description",
            "resident_name",
            "resident_phone",
            "phone",
            "status",
            "claimed_unit",
            "expires_on",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "claimed_unit",
            "expires_on",
            "created_at",
        ]

    def get_phone(self, obj: MicroWish) -> str:
        return wish_phone_shown(self.context["request"].user, obj)

    def to_representation(self, instance: MicroWish) -> dict:
        data = super().to_representation(instance)
        data["resident_name"] = wish_name_shown(self.context["request"].user, instance)
        return data

    def create(self, validated_data):
        try:
            return services.wish_submit(**validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                getattr(exc, "message_dict", {"detail": exc.messages})
            ) from exc


class WishViewSet(PublicCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = WishSerializer
    limit = "wish"
    filterset_fields = ["status", "community"]

    def get_queryset(self) -> QuerySet[MicroWish]:
        return wishes_for(self.request.user).order_by("-created_at", "-pk")


class RequestSerializer(ResidentCaseSerializer):
    community = serializers.PrimaryKeyRelatedField(queryset=communities)
    place = serializers.PrimaryKeyRelatedField(queryset=places, required=False, allow_null=True)
    offer = serializers.PrimaryKeyRelatedField(
        queryset=ServiceOffer.objects.filter(active=True), required=False, allow_null=True
    )
    resident_phone = serializers.CharField(
        write_only=True, max_length=20, validators=[phone_validator]
    )
    phone = serializers.SerializerMethodField()
    sla_light = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "community",
            "place",
            "latitude",
            "longitude",
            "category",
            "offer",
            "description",
            "resident_name",
            "resident_phone",
            "phone",
            "status",
            "unit",
            "reopen_count",
            "created_at",
            "due_at",
            "sla_light",
        ]
        read_only_fields = [
            "id",
            "status",
            "unit",
            "reopen_count",
            "created_at",
            "due_at",
        ]

    def get_phone(self, obj: ServiceRequest) -> str:
        return phone_shown(self.context["request"].user, obj)

    def to_representation(self, instance: ServiceRequest) -> dict:
        data = super().to_representation(instance)
        data["resident_name"] = name_shown(self.context["request"].user, instance)
        return data

    def get_sla_light(self, obj: ServiceRequest) -> str:
        return obj.sla_light()

    def create(self, validated_data):
        try:
            return services.request_submit(**validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                getattr(exc, "message_dict", {"detail": exc.messages})
            ) from exc


class RequestViewSet(PublicCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RequestSerializer
    limit = "help"
    filterset_fields = ["status", "community", "category", "unit"]

    def get_queryset(self) -> QuerySet[ServiceRequest]:
        return requests_for(self.request.user).order_by("-created_at", "-pk")
