"""The demo streets' summons (吹哨报到): in each of the first communities, last month's flood
call settled by the units (two on site in time and reported, one that could not come), and
an open fire-hazard call this week the units are answering. Idempotent: a community with a
summons is left as it is."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from grids.models import Node
from organizations.models import Unit
from summons.models import CallStatus, Summons, SummonsCall, SummonsKind, SummonsStatus

COMMUNITIES = 3


@transaction.atomic
def summons_load(*, street: Node, seed: int) -> int:
    """Create the street's demo summons; return how many were created."""
    rng = random.Random(f"summons:{street.code}:{seed}")
    now = timezone.now()
    made = 0
    communities = list(Node.objects.communities().under(street).order_by("lft")[:COMMUNITIES])
    secretaries = {
        u.scope_node_id: u
        for u in User.objects.filter(role=Role.COMMUNITY_SECRETARY, scope_node__in=communities)
    }
    for community in communities:
        if Summons.objects.filter(node=community).exists():
            continue
        units = list(
            Unit.objects.filter(community=community, left_on__isnull=True).order_by("pk")[:6]
        )
        if len(units) < 3:
            continue
        by = secretaries.get(community.pk)
        raised = now - datetime.timedelta(days=rng.randint(25, 40), hours=rng.randint(0, 8))
        flood = Summons.objects.create(
            node=community,
            kind=SummonsKind.FLOOD,
            title=f"{community.name}暴雨积水排涝",
            description="低洼小区地下车库进水，需要抽水设备和人手，转移行动不便的老人。",
            place=f"{community.name}低洼小区北门",
            deadline=raised + datetime.timedelta(hours=3),
            raised_by=by,
            raised_at=raised,
            status=SummonsStatus.CLOSED,
            closed_at=raised + datetime.timedelta(hours=8),
            closed_by=by,
            closing_note="积水已排净，三位老人已安置，车库恢复使用。",
        )
        SummonsCall.objects.bulk_create(
            [
                SummonsCall(
                    summons=flood,
                    unit=units[0],
                    status=CallStatus.DONE,
                    called_at=raised,
                    answered_at=raised + datetime.timedelta(minutes=10),
                    on_site_at=raised + datetime.timedelta(minutes=50),
                    done_at=raised + datetime.timedelta(hours=4),
                    report="出动抽水泵两台、人员六名，抽排积水四小时。",
                ),
                SummonsCall(
                    summons=flood,
                    unit=units[1],
                    status=CallStatus.DONE,
                    called_at=raised,
                    answered_at=raised + datetime.timedelta(minutes=20),
                    on_site_at=raised + datetime.timedelta(hours=2),
                    done_at=raised + datetime.timedelta(hours=5),
                    report="协助转移老人三名，送去饮用水和毛毯。",
                ),
                SummonsCall(
                    summons=flood,
                    unit=units[2],
                    status=CallStatus.DECLINED,
                    called_at=raised,
                    answered_at=raised + datetime.timedelta(minutes=30),
                    decline_reason="车辆和人员正在另一处抢险。",
                ),
            ]
        )
        opened = now - datetime.timedelta(hours=rng.randint(1, 3))
        fire = Summons.objects.create(
            node=community,
            kind=SummonsKind.FIRE,
            title=f"{community.name}电动车充电隐患排查",
            description="老旧小区楼道内充电，需要供电和消防力量排查整改。",
            place=f"{community.name}老旧小区车棚",
            deadline=now + datetime.timedelta(hours=rng.randint(20, 48)),
            raised_by=by,
            raised_at=opened,
        )
        SummonsCall.objects.bulk_create(
            [
                SummonsCall(
                    summons=fire,
                    unit=units[3 % len(units)],
                    status=CallStatus.ACCEPTED,
                    called_at=opened,
                    answered_at=opened + datetime.timedelta(minutes=15),
                ),
                SummonsCall(summons=fire, unit=units[4 % len(units)], called_at=opened),
            ]
        )
        made += 2
    return made
