"""Filters of the alliance's lists, shared by the API and the HTML pages.

`FollowUpFilter` is the one filter of follow-up items: /api/v1/followups/ uses it as its
filterset_class and the follow-up list page reads its query string through it, so a status,
"overdue" or "escalated" means the same on both.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.forms import NullBooleanSelect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.filters import IdFilter

from .models import FollowUp, FollowUpStatus


class YesNoSelect(NullBooleanSelect):
    """Django's yes/no/unknown reading ("true", "false", ...) plus "1" and "0", the values a
    page's checkbox sends."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool | None:
        value = data.get(name)
        if value in ("1", "0"):
            return value == "1"
        return super().value_from_datadict(data, files, name)


class CommunityFilterSet(django_filters.FilterSet):
    community = IdFilter(method="filter_community", label=_("community node id"))
    community_path = ""

    def filter_community(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(**{self.community_path: value})


class FollowUpFilter(CommunityFilterSet):
    community_path = "meeting__committee__node_id"
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices)
    owner = IdFilter(field_name="owner_id", label=_("owner unit id"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", widget=YesNoSelect)
    escalated = django_filters.BooleanFilter(
        field_name="escalation", lookup_expr="isnull", exclude=True, widget=YesNoSelect
    )

    class Meta:
        model = FollowUp
        fields = ["community", "status", "owner", "overdue", "escalated"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        today = timezone.localdate()
        overdue = Q(due_on__lt=today) & ~Q(status=FollowUpStatus.DONE)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
