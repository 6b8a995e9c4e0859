"""/api/v1/stats/: the dashboard's figures for programs, scoped like the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scope import place_for
from grids.models import Node
from grids.months import key, last_finished_month, last_months, parse_month

from . import services


def _node(request: Request) -> Node:
    return place_for(request.user, request.query_params.get("node"))


def _clean_row(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "links"}


class MonthlyStatsView(APIView):
    """Every dashboard figure for each of the last `months` months (default 12) under `node`."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("node", OpenApiTypes.INT, description="a place in your scope"),
            OpenApiParameter("months", OpenApiTypes.INT, description="how many months, 1-36"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        node = _node(request)
        try:
            count = int(request.query_params.get("months", 12))
        except ValueError as exc:
            raise ValidationError({"months": "a whole number from 1 to 36"}) from exc
        if not 1 <= count <= 36:
            raise ValidationError({"months": "a whole number from 1 to 36"})
        rows = services.monthly_figures(node, last_months(count))
        return Response(
            {"node": node.pk, "name": node.name, "months": [_clean_row(r) for r in rows]}
        )


class LeagueView(APIView):
    """Communities and units ranked by their average grade in `month` (default last month)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("node", OpenApiTypes.INT, description="a place in your scope"),
            OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        node = _node(request)
        text = request.query_params.get("month")
        month = parse_month(text) if text else last_finished_month()
        if month is None:
            raise ValidationError({"month": "YYYY-MM"})
        return Response({"node": node.pk, "month": key(month), **services.league(node, month)})
