"""Summons over the API: the staff of the place and the called units' contacts read them (in
scope, each with its calls), and a contact answers for the unit through the same services as
the site (accept, decline, on the way, check in with the place's code, report)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from . import services
from .models import Summons, SummonsCall
from .permissions import own_call, summons_visible_to


class CallSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = SummonsCall
        fields = [
            "id",
            "unit",
            "unit_name",
            "status",
            "called_at",
            "answered_at",
            "on_site_at",
            "done_at",
            "decline_reason",
            "report",
            "photos",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_photos(self, obj: SummonsCall) -> list[str]:
        """The addresses of the report's photos (served to those who see the summons)."""
        return [shot.photo.url for shot in obj.photos.all()]


class SummonsSerializer(serializers.ModelSerializer):
    calls = CallSerializer(many=True, read_only=True)

    class Meta:
        model = Summons
        fields = [
            "id",
            "node",
            "kind",
            "title",
            "description",
            "place",
            "deadline",
            "status",
            "raised_at",
            "escalated_from",
            "closed_at",
            "closing_note",
            "calls",
        ]
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["accept", "decline", "arriving", "check_in", "report"])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    token = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")


class SummonsViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SummonsSerializer
    filterset_fields = ["status", "kind"]

    def get_queryset(self) -> QuerySet[Summons]:
        return (
            summons_visible_to(self.request.user)
            .prefetch_related(
                Prefetch(
                    "calls",
                    queryset=SummonsCall.objects.select_related("unit").prefetch_related("photos"),
                )
            )
            .order_by("-raised_at", "-pk")
        )

    @action(detail=True, methods=["post"], serializer_class=AnswerSerializer)
    def answer(self, request: Request, pk: str | None = None) -> Response:
        """A contact of a called unit takes the unit's next step."""
        summons = self.get_object()
        call = own_call(request.user, summons)
        if call is None:
            raise NotFound
        answer = AnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        try:
            services.call_step(call=call, by=request.user, **answer.validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                getattr(exc, "message_dict", {"detail": exc.messages})
            ) from exc
        return Response(CallSerializer(call).data)
