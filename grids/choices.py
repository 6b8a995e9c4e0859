"""The kinds of node on the tree, apart from the models so the managers can name them too."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeKind(models.TextChoices):
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
    ZONE = "zone", _("Zone")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")
    COMPOUND = "compound", _("Residential compound")
    BUILDING = "building", _("Building")
