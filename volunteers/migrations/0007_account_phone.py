"""Volunteers' accounts get the phone they registered with, so sign-in and reset codes by text
message reach them (registration wrote the number only as the user name until now)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_phone(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Volunteer = apps.get_model("volunteers", "Volunteer")
    phone = Volunteer.objects.filter(user_id=OuterRef("pk")).values("phone")[:1]
    User.objects.filter(phone="", volunteer__isnull=False).update(phone=Subquery(phone))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_phone_code"),
        ("volunteers", "0006_public_consent"),
    ]

    operations = [migrations.RunPython(copy_phone, migrations.RunPython.noop)]
