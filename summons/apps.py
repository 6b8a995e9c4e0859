from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummonsConfig(AppConfig):
    name = "summons"
    verbose_name = _("Summons (吹哨报到)")
