"""The demo streets' three lists: in each of the first communities, what its units can give
(the units with a demo contact first, so that contact sees needs to offer to), needs heard on
visits and surveys and taken from the desk's requests and wishes, and the projects made of
them: one finished and rated (its need closed), one under way, and offers waiting on an open
need. Idempotent: a community with needs is left as it is."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from grids.models import Node, NodeKind
from organizations.models import Unit
from pledges.models import (
    Contribution,
    ContributionKind,
    Milestone,
    Need,
    NeedOffer,
    NeedSource,
    NeedStatus,
    Project,
    ProjectRating,
    ProjectStatus,
    Resource,
    ResourceKind,
    Satisfaction,
    Urgency,
)
from pledges.services import voter_hash
from servicedesk.models import MicroWish, ServiceRequest

COMMUNITIES = 3

# (kind, category, title, capacity, availability)
RESOURCES = [
    (ResourceKind.VENUE, "venue", "党员活动室", "40个座位", "工作日晚上、周末"),
    (ResourceKind.VOLUNTEERS, "elderly", "党员志愿服务队", "8名志愿者", "每周六上午"),
    (ResourceKind.FUNDS, "environment", "共建专项资金", "每年2万元", "按项目申请"),
    (ResourceKind.SKILLS, "repair", "水电维修技术骨干", "3名技师", "预约上门"),
    (ResourceKind.SKILLS, "health", "义诊医护人员", "2名医生、3名护士", "每月第一个周日"),
    (ResourceKind.MATERIALS, "environment", "绿化苗木和工具", "苗木200株", "春秋两季"),
    (ResourceKind.SKILLS, "legal", "法律顾问", "1名律师", "每周三下午"),
    (ResourceKind.SERVICE, "canteen", "职工食堂助餐", "每天50份", "工作日中午"),
]

# (title, category, people, urgency, source)
NEEDS = [
    ("老旧小区楼道照明损坏，夜间出行不便", "repair", 120, Urgency.URGENT, NeedSource.VISIT),
    ("独居老人希望有人定期上门探望", "elderly", 35, Urgency.SOON, NeedSource.VISIT),
    ("小区闲置空地希望改造成口袋公园", "environment", 600, Urgency.ROUTINE, NeedSource.SURVEY),
    ("居民希望就近开展健康义诊", "health", 200, Urgency.SOON, NeedSource.SURVEY),
    ("邻里纠纷多，希望有法律咨询进社区", "legal", 80, Urgency.ROUTINE, NeedSource.MEETING),
]


@transaction.atomic
def lists_load(*, street: Node, seed: int) -> int:
    """Create the street's demo lists; return how many needs were created."""
    rng = random.Random(f"lists:{street.code}:{seed}")
    today = timezone.localdate()
    made = 0
    communities = list(Node.objects.communities().under(street).order_by("lft")[:COMMUNITIES])
    secretaries = {
        u.scope_node_id: u
        for u in User.objects.filter(role=Role.COMMUNITY_SECRETARY, scope_node__in=communities)
    }
    contact_units = set(
        User.objects.filter(role=Role.UNIT_CONTACT, unit__community__in=communities).values_list(
            "unit_id", flat=True
        )
    )
    for community in communities:
        if Need.objects.filter(community=community).exists():
            continue
        units = sorted(
            Unit.objects.filter(community=community, left_on__isnull=True).order_by("pk")[:8],
            key=lambda u: u.pk not in contact_units,
        )
        if len(units) < 3:
            continue
        by = secretaries.get(community.pk)
        resources = Resource.objects.bulk_create(
            [
                Resource(
                    unit=units[i % len(units)],
                    kind=kind,
                    category=category,
                    title=title,
                    capacity=capacity,
                    availability=availability,
                    created_by=by,
                )
                for i, (kind, category, title, capacity, availability) in enumerate(RESOURCES)
            ]
        )
        compounds = list(
            Node.objects.under(community).filter(kind=NodeKind.COMPOUND).order_by("lft")[:5]
        )
        heard = [
            Need(
                community=community,
                place=compounds[i % len(compounds)] if compounds else None,
                title=title,
                category=category,
                people=people,
                urgency=urgency,
                source=source,
                created_by=by,
                created_at=timezone.now() - datetime.timedelta(days=rng.randint(20, 90)),
            )
            for i, (title, category, people, urgency, source) in enumerate(NEEDS)
        ]
        needs = Need.objects.bulk_create([*heard, *_from_desk(community, by)])
        made += len(needs)
        _finished(community, needs[0], resources, by, today, rng)
        _under_way(community, needs[2], resources, today)
        # An open need with units offering: the secretary matches it on its page.
        for resource in resources[1:2]:
            NeedOffer.objects.create(
                need=needs[1],
                unit=resource.unit,
                resource=resource,
                note="每周六上午派志愿者上门探望，陪老人聊天、代购。",
            )
    return made


def _from_desk(community: Node, by: User | None) -> list[Need]:
    """A request and a wish of the community's desk, put on the list (no name, no phone)."""
    found = []
    request = ServiceRequest.objects.filter(community=community).order_by("pk").first()
    if request is not None:
        found.append(
            Need(
                community=community,
                place=request.place,
                title=request.description[:60] or "居民点单服务需求",
                category=request.category,
                people=10,
                source=NeedSource.REQUEST,
                source_id=request.pk,
                created_by=by,
            )
        )
    wish = MicroWish.objects.filter(community=community).order_by("pk").first()
    if wish is not None:
        found.append(
            Need(
                community=community,
                place=wish.place,
                title=wish.title,
                category="elderly",
                people=1,
                source=NeedSource.WISH,
                source_id=wish.pk,
                created_by=by,
            )
        )
    return found


def _finished(
    community: Node,
    need: Need,
    resources: list[Resource],
    by: User | None,
    today: datetime.date,
    rng: random.Random,
) -> None:
    """The first need: matched with a unit's repair skills, done, rated, closed."""
    used = [r for r in resources if r.category == need.category] or resources[:1]
    project = Project.objects.create(
        title="楼道照明改造",
        goal="更换老旧小区楼道灯具，装上声控感应灯，居民夜间出行安全。",
        node=need.place or community,
        lead_unit=used[0].unit,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=10),
        status=ProjectStatus.COMPLETED,
        progress=100,
    )
    project.resources.set(used)
    Milestone.objects.bulk_create(
        [
            Milestone(
                project=project,
                title="逐栋排查损坏灯具",
                due_on=today - datetime.timedelta(days=50),
                done_on=today - datetime.timedelta(days=52),
            ),
            Milestone(
                project=project,
                title="更换声控感应灯",
                due_on=today - datetime.timedelta(days=15),
                done_on=today - datetime.timedelta(days=12),
            ),
        ]
    )
    Contribution.objects.create(
        project=project,
        unit=used[0].unit,
        kind=ContributionKind.PEOPLE,
        description="派水电技师三名，更换灯具86盏",
        value=Decimal("4300"),
        person_days=Decimal("9"),
        contributed_on=today - datetime.timedelta(days=12),
        evidence_text="更换清单和居民签字单",
        created_by=by,
    )
    values = [Satisfaction.SATISFIED] * 4 + [Satisfaction.BASIC]
    ProjectRating.objects.bulk_create(
        [
            ProjectRating(
                project=project,
                value=value,
                voter=voter_hash(f"demo:{community.pk}:{i}"),
                created_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 9)),
            )
            for i, value in enumerate(values)
        ]
    )
    need.project, need.status = project, NeedStatus.CLOSED
    need.closed_at = timezone.now() - datetime.timedelta(days=1)
    need.save(update_fields=["project", "status", "closed_at"])


def _under_way(
    community: Node, need: Need, resources: list[Resource], today: datetime.date
) -> None:
    """The third need: a pocket park under way with two units' resources."""
    used = [r for r in resources if r.category == need.category] or resources[:1]
    project = Project.objects.create(
        title="口袋公园改造",
        goal="把闲置空地改造成有座椅、绿植和健身器材的口袋公园。",
        node=need.place or community,
        lead_unit=used[0].unit,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=70),
        status=ProjectStatus.IN_PROGRESS,
        progress=30,
    )
    project.resources.set(used)
    Milestone.objects.bulk_create(
        [
            Milestone(
                project=project,
                title="征求居民意见定方案",
                due_on=today - datetime.timedelta(days=5),
                done_on=today - datetime.timedelta(days=6),
            ),
            Milestone(
                project=project,
                title="清理场地、种植苗木",
                due_on=today + datetime.timedelta(days=40),
            ),
        ]
    )
    need.project, need.status = project, NeedStatus.IN_PROJECT
    need.save(update_fields=["project", "status"])
