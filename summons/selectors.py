"""What other apps may read of the summons: each unit's answers over a period (the monthly
grade and the yearly appraisal count them)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, Q

from .models import CallStatus, SummonsCall


def unit_summons_figures(
    unit_ids: Iterable[int], first: datetime.date, last: datetime.date
) -> dict[int, dict[str, int]]:
    """Per unit, the calls it got between `first` and `last`, those it was on site for by the
    deadline, and those it reported done. One query."""
    rows = (
        SummonsCall.objects.filter(unit_id__in=list(unit_ids), called_at__date__range=(first, last))
        .values("unit_id")
        .annotate(
            called=Count("pk"),
            in_time=Count("pk", filter=Q(on_site_at__lte=F("summons__deadline"))),
            done=Count("pk", filter=Q(status=CallStatus.DONE)),
        )
    )
    return {
        r["unit_id"]: {
            "summoned": r["called"],
            "summons_in_time": r["in_time"],
            "summons_done": r["done"],
        }
        for r in rows
    }
