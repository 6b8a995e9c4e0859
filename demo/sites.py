"""Service sites for the map: every street's party-mass service centres, Daixi's 39 rest
stations (暖蜂驿站), a labour-relations station at every building site (Sancha's 20-odd:
和谐劳动关系协调工作站), and stations and bases opened by units near their communities."""

from __future__ import annotations

import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from grids.models import Node, in_subtree
from organizations.models import Unit, UnitKind
from servicedesk.models import ServiceOffer
from servicemap.models import ServiceSite, SiteKind
from servicemap.services import site_photo_add, sync_offer_sites

OTHERS = [
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
    if street.latitude is None or ServiceSite.objects.filter(in_subtree(street, "node")).exists():
        return 0
    rng = random.Random(f"{seed}-{street.code}-sites")
    communities = list(
        Node.objects.communities().under(street).filter(latitude__isnull=False).order_by("lft")
    )
    units = list(
        Unit.objects.filter(in_subtree(street, "community"), left_on__isnull=True).order_by("pk")
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
    for unit in units:
        if unit.kind != UnitKind.CONSTRUCTION_SITE:
            continue
        community = next((c for c in communities if c.pk == unit.community_id), communities[0])
        lat, lng = _near(community, rng)
        sites.append(
            ServiceSite(
                name=f"{unit.name}和谐劳动关系协调工作站",
                kind=SiteKind.LABOUR_STATION,
                node=community,
                unit=unit,
                address=unit.address or community.name,
                latitude=lat,
                longitude=lng,
                hours="工作日 8:30-17:30",
                services="劳动争议调解、工资支付核查、法律宣传",
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
    _photos([site for site in sites if site.kind == SiteKind.PARTY_MASS_CENTRE])
    offers = ServiceOffer.objects.filter(in_subtree(street, "unit__community"))
    return len(sites) + sync_offer_sites(offers.select_related("unit"))


def _picture(seed: int) -> bytes:
    """Draw a plain picture of a service centre: a building with a red banner, no text."""
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 400), (214, 232, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 320, 640, 400), fill=(196, 196, 188))
    left, top = rng.randint(60, 140), rng.randint(90, 140)
    draw.rectangle((left, top, 640 - left, 330), fill=(238, 232, 220), outline=(150, 140, 130))
    draw.rectangle((left, top, 640 - left, top + 36), fill=(200, 16, 46))
    for row in range(top + 60, 300, 55):
        for col in range(left + 30, 640 - left - 40, 70):
            draw.rectangle((col, row, col + 36, row + 30), fill=(120, 160, 200))
    draw.rectangle((300, 270, 340, 330), fill=(110, 80, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _photos(centres: list[ServiceSite]) -> None:
    for site in centres:
        site_photo_add(
            site=site,
            image=ContentFile(_picture(site.pk), name=f"centre-{site.pk}.jpg"),
            caption=f"{site.name}外景示意图",
        )
