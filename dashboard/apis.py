"""/api/v1/stats/: the dashboard's figures for programs, scoped like the pages."""

from __future__ import annotations

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scope import place_for
from common.months import key, last_finished_month, last_months
from common.params import parse_query
from grids.forms import PlaceMonthQuery
from grids.models import Node

from . import district, services


class MonthlyQuery(PlaceMonthQuery):
    months = forms.IntegerField(min_value=1, max_value=36, required=False)


def _node(request: Request) -> Node:
    return place_for(request.user, parse_query(MonthlyQuery, request)["node"])


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
        count = parse_query(MonthlyQuery, request)["months"] or 12
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
        month = parse_query(MonthlyQuery, request)["month"] or last_finished_month()
        return Response({"node": node.pk, "month": key(month), **services.league(node, month)})


class ComparisonView(APIView):
    """The district's comparison (district staff): one row per street of the district, per
    community of a street, or per month of a community, with the total of `node`."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("node", OpenApiTypes.INT, description="a place in your district"),
            OpenApiParameter("year", OpenApiTypes.INT, description="YYYY, this year if empty"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        node, year = district.place_and_year(request)
        found = district.comparison(node, year)

        def plain(row: dict) -> dict:
            place = row.get("node")
            figures = {k: v for k, v in row.items() if k not in ("node", "cells")}
            return {**figures, **({"id": place.pk, "name": place.name} if place else {})}

        return Response(
            {
                "node": node.pk,
                "name": node.name,
                "year": year,
                "rows": [plain(row) for row in found["rows"]],
                "total": plain(found["total"]),
            }
        )
