"""The residents' side of the demo streets: pledges both ways, projects, menus, wishes, requests.

Figures from the articles: Daixi's 147 community and 649 compound pledges and 1,350 solved
order-style requests in a year; Zhangwan's two-way pledges and 3,796 fulfilled micro-wishes;
Sancha's party-themed park built by 20+ units in a month. Made only where missing.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from grids.models import Node, in_subtree
from organizations.models import PartyOrganizationKind, Unit
from pledges import services as pledge_services
from pledges.models import (
    Beneficiary,
    Contribution,
    ContributionKind,
    ListStatus,
    Milestone,
    Pledge,
    PledgeList,
    PledgeRating,
    PledgerKind,
    PledgeStatus,
    Project,
    ProjectStatus,
)
from servicedesk.models import (
    MicroWish,
    RequestEvent,
    RequestStatus,
    ServiceOffer,
    ServiceRequest,
    WishEvent,
    WishStatus,
    new_tracking_code,
)

from .names import NameMaker

PLEDGES = [
    ("service", "每月开展一次“党员进社区”志愿服务"),
    ("environment", "完成背街小巷环境整治"),
    ("care", "结对帮扶困难家庭，节日走访慰问"),
    ("safety", "每季度开展一次消防安全检查"),
    ("civility", "开展文明楼栋评比"),
    ("employment", "举办两场社区招聘会"),
    ("service", "开放单位会议室供居民活动使用"),
    ("care", "为独居老人提供上门助餐"),
    ("environment", "楼道杂物清理每月一次"),
    ("service", "设立党员先锋岗，周末值守"),
]
STREET_TO_UNITS = [
    ("business", "为驻街单位开通政务服务绿色通道"),
    ("business", "每季度召开一次企业恳谈会"),
    ("business", "协调解决单位周边停车难问题"),
    ("business", "为新就业群体提供暖蜂驿站服务"),
]
OFFERS = [
    ("health", "免费测血压血糖", "每周三 9:00-11:00"),
    ("legal", "法律咨询", "每月第一个周六"),
    ("venue", "会议室免费开放", "工作日 18:00-21:00"),
    ("canteen", "老年助餐", "每日 11:00-12:30"),
    ("training", "电脑技能培训", "每周六上午"),
    ("jobs", "就业岗位推荐", "工作日"),
    ("repair", "水电小修", "预约上门"),
    ("elderly", "助老陪护", "预约"),
]
# A community's co-building project: title, goal, the milestones, and what units give to it
# (kind, description, value in yuan per unit given, person-days).
PROJECTS = [
    (
        "老旧小区加装电梯",
        "年内为三栋多层住宅加装电梯，方便老人上下楼。",
        ["入户征求意见", "施工招标"],
    ),
    (
        "背街小巷微改造",
        "整治背街小巷的路面、照明和飞线，打造干净整洁的街巷。",
        ["摸排问题清单", "完工验收"],
    ),
    (
        "社区党群服务中心适老化改造",
        "为党群服务中心加装扶手、坡道，开设老年助餐点。",
        ["方案设计", "投入使用"],
    ),
    ("口袋公园共建", "把闲置空地建成有党建元素的口袋公园。", ["场地清理", "开园"]),
    (
        "红色物业示范小区创建",
        "党支部牵头业委会、物业，解决停车和环境难题。",
        ["三方联席会议", "示范创建评估"],
    ),
    ("社区食堂共建", "联合驻街单位食堂，为老人和新就业群体提供平价餐。", ["选址", "试运营"]),
]
GIFTS = [
    (ContributionKind.MONEY, "捐资", 20_000, 0),
    (ContributionKind.MATERIALS, "捐赠建材、设备一批", 12_000, 0),
    (ContributionKind.PEOPLE, "派党员志愿者参与施工和值守", 3_000, 12),
    (ContributionKind.VENUE, "开放单位场地供项目使用", 5_000, 0),
    (ContributionKind.SERVICE, "提供设计和技术服务", 8_000, 4),
]
WISHES = [
    "一副老花镜",
    "孙子的课外书",
    "一台收音机",
    "冬天的棉被",
    "轮椅维修",
    "学习智能手机",
    "理发上门服务",
    "一盏台灯",
    "一套新校服",
    "爬楼椅",
    "血压计",
    "一次全家福",
]
TROUBLES = [
    ("repair", "楼道灯不亮"),
    ("environment", "小区垃圾清运不及时"),
    ("elderly", "独居老人需要助餐"),
    ("health", "行动不便需要上门测血压"),
    ("legal", "物业纠纷需要法律咨询"),
    ("repair", "下水道堵塞"),
    ("jobs", "失业人员求职"),
    ("other", "噪音扰民"),
]


def _rng(street: Node, seed: int) -> random.Random:
    return random.Random(f"{seed}-{street.code}-residents")


def _publish(pledge_list: PledgeList, now: datetime.datetime) -> None:
    pledge_list.status, pledge_list.published_at, pledge_list.reviewed_at = (
        ListStatus.PUBLISHED,
        now,
        now,
    )


def _pledge_rows(
    pledge_list: PledgeList, items: list[tuple[str, str]], rng: random.Random, today: datetime.date
) -> list[Pledge]:
    rows = []
    for category, text in items:
        due = datetime.date(pledge_list.year, rng.randint(3, 12), 28)
        status = (
            PledgeStatus.KEPT
            if due < today and rng.random() < 0.85
            else (PledgeStatus.IN_PROGRESS if rng.random() < 0.6 else PledgeStatus.PROMISED)
        )
        if due < today and status != PledgeStatus.KEPT and rng.random() < 0.3:
            status = PledgeStatus.NOT_KEPT
        rows.append(
            Pledge(
                pledge_list=pledge_list,
                text=text,
                category=category,
                due_on=due,
                status=status,
                evidence_text="已完成，附活动照片。" if status == PledgeStatus.KEPT else "",
                explanation="受场地改造影响推迟，已调整至明年。"
                if status == PledgeStatus.NOT_KEPT
                else "",
            )
        )
    return rows


def _pledges(street: Node, rng: random.Random, today: datetime.date, scale: int) -> int:
    if PledgeList.objects.filter(in_subtree(street, "node")).exists():
        return 0
    now, year = timezone.now(), today.year
    communities = list(Node.objects.communities().under(street).order_by("lft"))
    lists: list[tuple[PledgeList, list[tuple[str, str]]]] = []
    if street.code == "daixi":
        community_total, compound_total = 147 * scale, 649 * scale
        branch_compounds = list(
            Node.objects.compounds()
            .under(street)
            .filter(
                party_organizations__kind=PartyOrganizationKind.BRANCH,
                party_organizations__unit__isnull=True,
            )
            .order_by("lft")
        )
    else:
        community_total, compound_total = 8 * len(communities), 0
        branch_compounds = []
    for i, community in enumerate(communities):
        share = community_total // len(communities) + (
            1 if i < community_total % len(communities) else 0
        )
        pl = PledgeList(
            pledger_kind=PledgerKind.COMMUNITY,
            node=community,
            year=year,
            title=f"{community.name}{year}年初心清单",
        )
        lists.append((pl, [PLEDGES[n % len(PLEDGES)] for n in range(share)]))
    for i, compound in enumerate(branch_compounds):
        share = compound_total // len(branch_compounds) + (
            1 if i < compound_total % len(branch_compounds) else 0
        )
        # 小区党支部、业委会“初心清单”: the branch's list and its owners' committee's.
        items = [PLEDGES[(n + i) % len(PLEDGES)] for n in range(share)]
        half = (len(items) + 1) // 2
        pl = PledgeList(
            pledger_kind=PledgerKind.BRANCH,
            node=compound,
            year=year,
            title=f"{compound.name}党支部{year}年承诺",
        )
        lists.append((pl, items[:half]))
        if items[half:]:
            pl = PledgeList(
                pledger_kind=PledgerKind.OWNERS_COMMITTEE,
                node=compound,
                year=year,
                title=f"{compound.name}业委会{year}年承诺",
            )
            lists.append((pl, items[half:]))
    # Two ways: the street promises to the units, and units to their communities (Zhangwan).
    lists.append(
        (
            PledgeList(
                pledger_kind=PledgerKind.STREET,
                node=street,
                year=year,
                beneficiary=Beneficiary.UNITS,
                title=f"{street.name}向驻街单位承诺",
            ),
            STREET_TO_UNITS,
        )
    )
    units = list(
        Unit.objects.filter(in_subtree(street, "community"), left_on__isnull=True).order_by("pk")[
            : 3 * len(communities)
        ]
    )
    for unit in units:
        pl = PledgeList(
            pledger_kind=PledgerKind.UNIT,
            node_id=unit.community_id,
            unit=unit,
            year=year,
            title=f"{unit.name}{year}年初心清单",
        )
        lists.append((pl, rng.sample(PLEDGES, 3)))
    for pl, _items in lists:
        _publish(pl, now)
    PledgeList.objects.bulk_create([pl for pl, _ in lists])
    pledges = [p for pl, items in lists for p in _pledge_rows(pl, items, rng, today)]
    Pledge.objects.bulk_create(pledges, batch_size=2000)
    ratings = []
    for pledge in pledges:
        for n in range(rng.randint(0, 6)):
            value = rng.choices(["satisfied", "basic", "unsatisfied"], weights=[70, 22, 8])[0]
            month = today - datetime.timedelta(days=rng.randint(0, 150))
            voter = hashlib.sha256(f"demo-{pledge.pk}-{n}".encode()).hexdigest()
            ratings.append(
                PledgeRating(
                    pledge=pledge,
                    period=f"{month:%Y-%m}",
                    value=value,
                    voter=voter,
                    created_at=timezone.make_aware(
                        datetime.datetime.combine(month, datetime.time(10))
                    ),
                )
            )
    PledgeRating.objects.bulk_create(ratings, batch_size=5000, ignore_conflicts=True)
    return len(pledges)


def _park(street: Node, rng: random.Random, today: datetime.date) -> None:
    """Sancha's party-themed park: 2,000 m², 20+ units, one month."""
    if street.code != "sancha" or Project.objects.filter(node=street).exists():
        return
    start = today - datetime.timedelta(days=120)
    project = Project.objects.create(
        title="红色湖岸线党建主题公园",
        goal="在三岔湖景区入口建成2000余平方米开放式党建主题公园，植入三岔水库精神党性教育内容。",
        node=street,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=30),
        status=ProjectStatus.COMPLETED,
        progress=100,
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                project=project,
                title="方案设计",
                due_on=start + datetime.timedelta(days=5),
                done_on=start + datetime.timedelta(days=4),
            ),
            Milestone(
                project=project,
                title="场地打围施工",
                due_on=start + datetime.timedelta(days=20),
                done_on=start + datetime.timedelta(days=19),
            ),
            Milestone(
                project=project,
                title="开园",
                due_on=start + datetime.timedelta(days=30),
                done_on=start + datetime.timedelta(days=30),
            ),
        ]
    )
    units = list(Unit.objects.filter(in_subtree(street, "community")).order_by("pk"))
    rows = []
    for unit in units:
        kind = rng.choice(
            [
                ContributionKind.MONEY,
                ContributionKind.MATERIALS,
                ContributionKind.PEOPLE,
                ContributionKind.SERVICE,
            ]
        )
        value = Decimal(rng.randint(5, 80) * 1000)
        rows.append(
            Contribution(
                project=project,
                unit=unit,
                kind=kind,
                description={
                    ContributionKind.MONEY: "捐资",
                    ContributionKind.MATERIALS: "捐赠苗木、石材",
                    ContributionKind.PEOPLE: "派员参与施工",
                    ContributionKind.SERVICE: "设计服务",
                }[kind],
                value=value,
                person_days=Decimal(rng.randint(5, 40))
                if kind == ContributionKind.PEOPLE
                else Decimal(0),
                contributed_on=start + datetime.timedelta(days=rng.randint(0, 30)),
                evidence_text="收据及现场照片存档",
            )
        )
    Contribution.objects.bulk_create(rows)


def _community_projects(street: Node, rng: random.Random, today: datetime.date) -> int:
    """Give every community a co-building project led by one of its units, with its milestones
    and what three to five of its units gave (a unit's contact logging it), so every unit's
    contact finds projects and totals in the ledger. Through the pledges services, as a unit and
    the street would write them: a few dozen rows a street. Return how many were made."""
    communities = list(Node.objects.communities().under(street).order_by("lft"))
    if Project.objects.filter(node__in=communities).exists():
        return 0
    units: dict[int, list[Unit]] = {}
    for unit in Unit.objects.filter(community__in=communities, left_on__isnull=True).order_by("pk"):
        units.setdefault(unit.community_id, []).append(unit)
    contacts = {
        user.unit_id: user
        for user in User.objects.filter(
            role=Role.UNIT_CONTACT, unit__community__in=communities
        ).order_by("pk")
    }
    made = 0
    for n, community in enumerate(communities):
        members = units.get(community.pk, [])
        if not members:
            continue
        # A unit with a demo account leads, so that account sees its own project first.
        members.sort(key=lambda unit: (unit.pk not in contacts, unit.pk))
        title, goal, steps = PROJECTS[n % len(PROJECTS)]
        starts = today - datetime.timedelta(days=rng.randint(40, 200))
        ends = starts + datetime.timedelta(days=rng.randint(60, 240))
        project = pledge_services.project_create(
            title=title,
            goal=goal,
            node=community,
            starts_on=starts,
            ends_on=ends,
            lead_unit=members[0],
        )
        done = ends < today
        pledge_services.project_progress(
            project=project,
            status=ProjectStatus.COMPLETED if done else ProjectStatus.IN_PROGRESS,
            progress=100 if done else rng.randint(20, 85),
        )
        for i, step in enumerate(steps):
            due = starts + (ends - starts) * (i + 1) // len(steps)
            pledge_services.milestone_add(
                project=project, title=step, due_on=due, done_on=due if due <= today else None
            )
        last = min(ends, today)
        for unit in members[: rng.randint(3, 5)]:
            kind, description, value, person_days = rng.choice(GIFTS)
            pledge_services.contribution_add(
                project=project,
                unit=unit,
                kind=kind,
                description=description,
                value=Decimal(value * rng.randint(1, 4)),
                person_days=Decimal(person_days * rng.randint(1, 3)),
                contributed_on=starts
                + datetime.timedelta(days=rng.randint(0, (last - starts).days)),
                evidence_text="收据及现场照片存档",
                by=contacts.get(unit.pk),
            )
        made += 1
    return made


def _offers(street: Node, rng: random.Random, names: NameMaker) -> None:
    if ServiceOffer.objects.filter(in_subtree(street, "unit__community")).exists():
        return
    units = list(
        Unit.objects.filter(in_subtree(street, "community"), left_on__isnull=True)
        .select_related("community")
        .order_by("pk")[:60]
    )
    rows = []
    for unit in units:
        for category, title, hours in rng.sample(OFFERS, 2):
            lat = (unit.community.latitude or Decimal("0")) + Decimal(
                rng.randint(-3000, 3000)
            ) / Decimal(1_000_000)
            lng = (unit.community.longitude or Decimal("0")) + Decimal(
                rng.randint(-3000, 3000)
            ) / Decimal(1_000_000)
            rows.append(
                ServiceOffer(
                    unit=unit,
                    title=title,
                    category=category,
                    place=f"{unit.name}",
                    hours=hours,
                    latitude=lat if unit.community.latitude else None,
                    longitude=lng if unit.community.longitude else None,
                    capacity=rng.choice([None, 10, 20, 30]),
                    contact_name=names.person(),
                    contact_phone=names.phone(),
                )
            )
    ServiceOffer.objects.bulk_create(rows)


def _when(today: datetime.date, rng: random.Random, days: int = 360) -> datetime.datetime:
    day = today - datetime.timedelta(days=rng.randint(1, days))
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(rng.randint(8, 19), rng.randint(0, 59)))
    )


# Every twelfth wish and request was filed at the service centre by the community's secretary
# for a resident without a smartphone (代办), so the desk and the tracking pages show some.
ASSISTED_EVERY = 12


def _assistants(communities: list[Node]) -> dict[int, User]:
    """Each community's secretary account, who files for residents without a phone."""
    return {
        u.scope_node_id: u
        for u in User.objects.filter(
            role=Role.COMMUNITY_SECRETARY, scope_node__in=communities, is_active=True
        ).order_by("pk")
    }


def _wishes(
    street: Node,
    rng: random.Random,
    names: NameMaker,
    today: datetime.date,
    fulfilled: int,
    open_count: int,
) -> None:
    if MicroWish.objects.filter(in_subtree(street, "community")).exists():
        return
    communities = list(Node.objects.communities().under(street).order_by("lft"))
    units = list(
        Unit.objects.filter(in_subtree(street, "community"), left_on__isnull=True).order_by("pk")
    )
    wishes, events = [], []
    assistants = _assistants(communities)
    for n in range(fulfilled + open_count):
        created = _when(today, rng)
        community = communities[n % len(communities)]
        done = n < fulfilled
        unit = rng.choice(units) if units else None
        status = (
            WishStatus.CONFIRMED
            if done
            else rng.choice(
                [
                    WishStatus.SUBMITTED,
                    WishStatus.PUBLISHED,
                    WishStatus.PUBLISHED,
                    WishStatus.CLAIMED,
                ]
            )
        )
        wish = MicroWish(
            tracking_code=new_tracking_code("W"),
            community=community,
            title=rng.choice(WISHES),
            resident_name=names.person()[:1] + "阿姨",
            resident_phone=names.phone(),
            assisted_by=assistants.get(community.pk) if n % ASSISTED_EVERY == 5 else None,
            status=status,
            claimed_unit=unit if status in (WishStatus.CLAIMED, WishStatus.CONFIRMED) else None,
            proof="已送达，群众满意。" if done else "",
            rating=rng.choice([4, 5, 5, 5]) if done else None,
            expires_on=created.date() + datetime.timedelta(days=60 if not done else 90)
            if status != WishStatus.PUBLISHED
            else today + datetime.timedelta(days=rng.randint(5, 50)),
            created_at=created,
            fulfilled_at=created + datetime.timedelta(days=rng.randint(2, 20)) if done else None,
        )
        wishes.append(wish)
    MicroWish.objects.bulk_create(wishes, batch_size=2000)
    flow = [
        WishStatus.SUBMITTED,
        WishStatus.PUBLISHED,
        WishStatus.CLAIMED,
        WishStatus.FULFILLED,
        WishStatus.CONFIRMED,
    ]
    steps = {
        WishStatus.SUBMITTED: flow[:1],
        WishStatus.PUBLISHED: flow[:2],
        WishStatus.CLAIMED: flow[:3],
        WishStatus.CONFIRMED: flow,
    }
    actions = {
        WishStatus.SUBMITTED: "submit",
        WishStatus.PUBLISHED: "publish",
        WishStatus.CLAIMED: "claim",
        WishStatus.FULFILLED: "fulfil",
        WishStatus.CONFIRMED: "confirm",
    }
    for wish in wishes:
        previous = ""
        for i, state in enumerate(steps[wish.status]):
            events.append(
                WishEvent(
                    wish=wish,
                    from_status=previous,
                    to_status=state,
                    action=actions[state],
                    at=wish.created_at + datetime.timedelta(days=i * 2),
                )
            )
            previous = state
    WishEvent.objects.bulk_create(events, batch_size=5000)


def _requests(
    street: Node,
    rng: random.Random,
    names: NameMaker,
    today: datetime.date,
    solved: int,
    open_count: int,
) -> None:
    if ServiceRequest.objects.filter(in_subtree(street, "community")).exists():
        return
    communities = list(Node.objects.communities().under(street).order_by("lft"))
    units = list(
        Unit.objects.filter(in_subtree(street, "community"), left_on__isnull=True).order_by("pk")
    )
    rows, events = [], []
    assistants = _assistants(communities)
    for n in range(solved + open_count):
        created = _when(today, rng, 360 if n < solved else 6)
        community = communities[n % len(communities)]
        category, text = rng.choice(TROUBLES)
        done = n < solved
        unit = rng.choice(units) if units else None
        status = (
            (RequestStatus.RATED if rng.random() < 0.7 else RequestStatus.CLOSED)
            if done
            else rng.choice(
                [
                    RequestStatus.SUBMITTED,
                    RequestStatus.TRIAGED,
                    RequestStatus.DISPATCHED,
                    RequestStatus.ACCEPTED,
                ]
            )
        )
        lat = (community.latitude or Decimal("0")) + Decimal(rng.randint(-4000, 4000)) / Decimal(
            1_000_000
        )
        lng = (community.longitude or Decimal("0")) + Decimal(rng.randint(-4000, 4000)) / Decimal(
            1_000_000
        )
        closed_at = created + datetime.timedelta(hours=rng.randint(4, 90)) if done else None
        rows.append(
            ServiceRequest(
                tracking_code=new_tracking_code("R"),
                community=community,
                category=category,
                description=text,
                resident_name=names.person(),
                resident_phone=names.phone(),
                assisted_by=assistants.get(community.pk) if n % ASSISTED_EVERY == 5 else None,
                status=status,
                latitude=lat if community.latitude else None,
                longitude=lng if community.longitude else None,
                unit=unit
                if status
                in (
                    RequestStatus.DISPATCHED,
                    RequestStatus.ACCEPTED,
                    RequestStatus.CLOSED,
                    RequestStatus.RATED,
                )
                else None,
                closed_by_unit=unit if done else None,
                report="已上门处理完毕。" if done else "",
                rating=rng.choice([3, 4, 5, 5, 5]) if status == RequestStatus.RATED else None,
                reopen_count=1 if done and rng.random() < 0.04 else 0,
                created_at=created,
                due_at=created + datetime.timedelta(hours=72),
                closed_at=closed_at,
            )
        )
    ServiceRequest.objects.bulk_create(rows, batch_size=2000)
    flow = [
        RequestStatus.SUBMITTED,
        RequestStatus.TRIAGED,
        RequestStatus.DISPATCHED,
        RequestStatus.ACCEPTED,
        RequestStatus.CLOSED,
        RequestStatus.RATED,
    ]
    actions = {
        RequestStatus.SUBMITTED: "submit",
        RequestStatus.TRIAGED: "triage",
        RequestStatus.DISPATCHED: "dispatch",
        RequestStatus.ACCEPTED: "accept",
        RequestStatus.CLOSED: "close",
        RequestStatus.RATED: "rate",
    }
    for row in rows:
        previous = ""
        for i, state in enumerate(flow[: flow.index(row.status) + 1]):
            at = (
                row.closed_at
                if state in (RequestStatus.CLOSED, RequestStatus.RATED) and row.closed_at
                else row.created_at + datetime.timedelta(hours=i)
            )
            events.append(
                RequestEvent(
                    request=row,
                    from_status=previous,
                    to_status=state,
                    action=actions[state],
                    at=at,
                    unit=row.closed_by_unit
                    if state in (RequestStatus.ACCEPTED, RequestStatus.CLOSED)
                    else None,
                )
            )
            previous = state
    RequestEvent.objects.bulk_create(events, batch_size=5000)


@transaction.atomic
def residents_load(
    *, street: Node, seed: int, scale: int, today: datetime.date | None = None
) -> int:
    """Load pledges, projects, menus, wishes and requests where missing; return pledges made."""
    today = today or timezone.localdate()
    rng = _rng(street, seed)
    names = NameMaker(f"{seed}-{street.code}-residents")
    made = _pledges(street, rng, today, scale)
    _park(street, rng, today)
    _community_projects(street, random.Random(f"{seed}-{street.code}-projects"), today)
    _offers(street, rng, names)
    wishes = {"zhangwan": (3796, 240)}.get(street.code, (60, 12))
    _wishes(street, rng, names, today, wishes[0] * scale, wishes[1] * scale)
    requests = {"daixi": (1350, 40)}.get(street.code, (80, 12))
    _requests(street, rng, names, today, requests[0] * scale, requests[1] * scale)
    return made
