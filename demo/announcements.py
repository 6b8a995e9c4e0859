"""Announcements for the demo streets (Jinshanqiao published 200+ items)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from grids.models import Node, in_subtree
from portal.models import Announcement
from portal.services import sanitise

ITEMS = {
    "law": (
        "《民法典》进社区普法讲座",
        "<p>本周六上午九点在社区党群服务中心举办《民法典》普法讲座，欢迎居民参加。</p>",
    ),
    "culture": ("社区广场舞展演报名", "<p>社区文体队招募队员，报名请到社区服务大厅。</p>"),
    "health": (
        "65岁以上老人免费体检通知",
        "<p>请携带身份证到社区卫生服务站登记，<strong>每周二、四</strong>上午体检。</p>",
    ),
    "employment": (
        "春季招聘会岗位信息",
        "<p>驻街单位提供<strong>120个</strong>岗位，详见附件。</p>",
    ),
    "finance": ("防范电信诈骗提示", "<p>银行工作人员不会索要验证码，请提高警惕。</p>"),
    "safety": ("电动车充电安全提醒", "<ul><li>不要在楼道充电</li><li>使用小区集中充电桩</li></ul>"),
}


def announcements_load(*, street: Node, seed: int, scale: int) -> int:
    if Announcement.objects.filter(in_subtree(street, "node")).exists():
        return 0
    rng = random.Random(f"{seed}-{street.code}-announcements")
    places = [street, *Node.objects.communities().under(street).order_by("lft")]
    count = (200 if street.code == "jinshanqiao" else 30) * scale
    now = timezone.now()
    rows = []
    for n in range(count):
        category = rng.choice(list(ITEMS))
        title, body = ITEMS[category]
        rows.append(
            Announcement(
                title=title,
                category=category,
                node=places[n % len(places)],
                body=sanitise(body),
                published_at=now
                - datetime.timedelta(days=rng.randint(0, 300), hours=rng.randint(0, 23)),
            )
        )
    Announcement.objects.bulk_create(rows)
    return count
