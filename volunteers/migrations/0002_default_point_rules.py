"""The 爱心加油站 rules to start with; street staff change them in the admin (with history)."""

from decimal import Decimal

from django.db import migrations

RULES = [
    # key, name, source, points per hour, points each, daily cap, yearly cap
    ("hours", "志愿服务时长", "checkin", Decimal("10"), Decimal("0"), Decimal("40"), Decimal("2000")),
    ("wish", "认领并实现微心愿", "wish", Decimal("0"), Decimal("20"), Decimal("40"), Decimal("400")),
    ("request", "办结点单服务", "request", Decimal("0"), Decimal("10"), Decimal("30"), Decimal("300")),
]


def add_rules(apps, schema_editor):
    PointRule = apps.get_model("volunteers", "PointRule")
    for key, name, source, per_hour, each, daily, yearly in RULES:
        PointRule.objects.get_or_create(
            key=key,
            defaults={
                "name": name, "source": source, "points_per_hour": per_hour, "points_each": each,
                "daily_cap": daily, "yearly_cap": yearly,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
