"""Volunteer hours in the layout the national volunteer service system (全国志愿服务信息系统)
takes for a bulk upload of service time: one row per volunteer per service.

Columns: 姓名, 证件类型, 证件号码, 手机号码, 服务项目, 服务开始时间, 服务结束时间, 服务时长（小时）,
服务地点, 备注. The portal does not collect identity-card numbers, so 证件类型 is 居民身份证 and
证件号码 is left for the community to fill in from its own register before uploading; the phone
number is there to match the person.
"""

from __future__ import annotations

import datetime

import tablib
from django.db.models import QuerySet
from django.utils import timezone

from common.cells import safe_row

from .models import CheckIn, CheckInStatus

NATIONAL_COLUMNS = [
    "姓名",
    "证件类型",
    "证件号码",
    "手机号码",
    "服务项目",
    "服务开始时间",
    "服务结束时间",
    "服务时长（小时）",
    "服务地点",
    "备注",
]


def approved_hours(checkins: QuerySet[CheckIn], first: datetime.datetime, end: datetime.datetime):
    return (
        checkins.filter(
            status=CheckInStatus.APPROVED, checked_in_at__gte=first, checked_in_at__lt=end
        )
        .select_related("volunteer", "activity", "post", "community")
        .order_by("volunteer__name", "checked_in_at", "pk")
    )


def national_hours_sheet(checkins: QuerySet[CheckIn]) -> tablib.Dataset:
    sheet = tablib.Dataset(headers=NATIONAL_COLUMNS)
    for checkin in checkins:
        what = checkin.activity or checkin.post
        place = getattr(what, "place", "") or checkin.community.name
        sheet.append(
            safe_row(
                [
                    checkin.volunteer.name,
                    "居民身份证",
                    "",
                    checkin.volunteer.phone,
                    str(what) if what else "",
                    timezone.localtime(checkin.checked_in_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(checkin.checked_out_at).strftime("%Y-%m-%d %H:%M")
                    if checkin.checked_out_at
                    else "",
                    float(checkin.hours),
                    place,
                    "",
                ]
            )
        )
    return sheet
