"""Volunteers and activities, made through the services."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from volunteers import services
from volunteers.models import Volunteer

_phones = itertools.count(13900000000)


def volunteer(community, *, approve: bool = True, **kwargs) -> Volunteer:
    v = services.volunteer_register(
        name=kwargs.pop("name", "志愿者"),
        phone=kwargs.pop("phone", str(next(_phones))),
        community=community,
        password="correct-horse-battery",
        consent=True,
        **kwargs,
    )
    if approve:
        services.volunteer_review(volunteer=v, approve=True, by=None)
        v.refresh_from_db()
    return v


def activity(
    node, *, capacity: int = 2, start: datetime.datetime | None = None, hours: int = 2, **kwargs
):
    start = start or timezone.now() + datetime.timedelta(days=1)
    return services.activity_create(
        title=kwargs.pop("title", "送医疗进社区"),
        kind=kwargs.pop("kind", "health"),
        node=node,
        place=kwargs.pop("place", "社区广场"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        capacity=capacity,
        **kwargs,
    )
