"""Service sites for the map: every street's party-mass service centres, Daixi's 39 rest
stations (暖蜂驿站), and stations and bases opened by units near their communities."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from grids.models import Node
from organizations.models import Unit
from servicemap.models import ServiceSite, SiteKind

OTHERS = [
    (SiteKind.LABOUR_STATION, "工地劳动关系协调站", "劳资纠纷调解、维权咨询"),
    (SiteKind.TALENT_STATION, "人才服务驿站", "人才政策咨询、创业孵化"),
    (SiteKind.MOBILE_STATION, "流动党员服务站", "组织关系接转、党员学习"),
    (SiteKind.HEALTH_BASE, "健康服务基地", "健康体检、慢病管理"),
    (SiteKind.SCIENCE_BASE, "科普教育基地", "青少年科普、防灾减灾体验"),
    (SiteKind.EMPLOYMENT_BASE, "就业培训基地", "职业技能培训、岗位推荐"),
]


def _near(node: Node, rng: random.Random, spread: int = 4000) -> tuple[Decimal, Decimal]:
    return (
        node.latitude + Decimal(rng.randint(-spread, spread)) / Decimal(1_000_000),
        node.longitude + Decimal(rng.randint(-spread, spread)) / Decimal(1_000_000),
    )


@transaction.atomic
def sites_load(*, street: Node, seed: int, scale: int) -> int:
    """Load the street's service sites where there are none yet; return how many were made."""
    if street.latitude is None or ServiceSite.objects.filter(node__tree_id=street.tree_id).exists():
        return 0
    rng = random.Random(f"{seed}-{street.code}-sites")
    communities = list(
        Node.objects.communities().under(street).filter(latitude__isnull=False).order_by("lft")
    )
    units = list(
        Unit.objects.filter(community__tree_id=street.tree_id, left_on__isnull=True).order_by("pk")
    )
    sites = [
        ServiceSite(
            name=street.service_centre or f"{street.name}党群服务中心",
            kind=SiteKind.PARTY_MASS_CENTRE,
            node=street,
            address=street.address,
            latitude=street.latitude,
            longitude=street.longitude,
            hours="周一至周日 8:30-20:00",
            services="党员活动、政务代办、志愿服务、法律咨询",
            contact_name="值班员",
            contact_phone="0543-4321000",
        )
    ]
    for community in communities:
        lat, lng = _near(community, rng, 500)
        sites.append(
            ServiceSite(
                name=community.service_centre or f"{community.name}党群服务中心",
                kind=SiteKind.PARTY_MASS_CENTRE,
                node=community,
                address=community.address or community.name,
                latitude=lat,
                longitude=lng,
                hours="周一至周六 8:30-18:00",
                services="便民服务、党员活动、代办代缴",
                contact_name="社区值班员",
            )
        )
    rest_count = (39 if street.code == "daixi" else len(communities)) * scale
    for n in range(rest_count):
        community = communities[n % len(communities)]
        lat, lng = _near(community, rng)
        unit = units[n % len(units)] if units else None
        sites.append(
            ServiceSite(
                name=f"暖蜂驿站·{community.name}{n // len(communities) + 1}号",
                kind=SiteKind.REST_STATION,
                node=community,
                unit=unit,
                address=f"{community.name}附近",
                latitude=lat,
                longitude=lng,
                hours="全天开放",
                services="饮水、充电、休息、应急药箱、如厕",
            )
        )
    for n, (kind, title, services) in enumerate(OTHERS * scale):
        community = communities[n % len(communities)]
        lat, lng = _near(community, rng)
        unit = units[(n * 7) % len(units)] if units else None
        sites.append(
            ServiceSite(
                name=f"{(unit.name if unit else community.name)}{title}",
                kind=kind,
                node=community,
                unit=unit,
                address=f"{community.name}",
                latitude=lat,
                longitude=lng,
                hours="工作日 9:00-17:00",
                services=services,
            )
        )
    ServiceSite.objects.bulk_create(sites)
    return len(sites)
