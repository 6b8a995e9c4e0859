"""Menu entries change in the service desk; the map follows."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from organizations.models import Unit
from servicedesk.models import ServiceOffer

from .services import sync_offer_site, sync_offer_sites


@receiver(post_save, sender=ServiceOffer, dispatch_uid="servicemap.offer_saved")
def offer_saved(sender: type, instance: ServiceOffer, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync_offer_site(instance)


@receiver(post_save, sender=Unit, dispatch_uid="servicemap.unit_saved")
def unit_saved(sender: type, instance: Unit, raw: bool = False, **kwargs: Any) -> None:
    """A unit that leaves takes its menu off the map; one that moves takes it along."""
    if not raw and not kwargs.get("created"):  # a new unit has no menu yet
        sync_offer_sites(instance.offers.select_related("unit"))
