"""Keep the map in step with units' service menus: an open menu entry with a place is a site."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from servicedesk.models import ServiceOffer

from .models import ServiceSite, SiteKind

# The site's columns that follow its menu entry.
SYNCED = (
    "name",
    "kind",
    "node_id",
    "unit_id",
    "address",
    "latitude",
    "longitude",
    "hours",
    "services",
    "contact_name",
    "contact_phone",
    "active",
)


def _site_fields(offer: ServiceOffer) -> dict:
    return {
        "name": offer.title,
        "kind": SiteKind.MENU_ENTRY,
        "node_id": offer.unit.community_id,
        "unit_id": offer.unit_id,
        "address": offer.place,
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "hours": offer.hours,
        "services": offer.description or offer.title,
        "contact_name": offer.contact_name,
        "contact_phone": offer.contact_phone,
        "active": True,
    }


def on_the_map(offer: ServiceOffer) -> bool:
    """Return True when the entry belongs on the map: offered now, with a place, unit still in."""
    return (
        offer.active
        and offer.latitude is not None
        and offer.longitude is not None
        and offer.unit.left_on is None
    )


@transaction.atomic
def sync_offer_site(offer: ServiceOffer) -> ServiceSite | None:
    """Create, update or remove the site that shows `offer` on the map; return the site."""
    if not on_the_map(offer):
        ServiceSite.objects.filter(offer=offer).delete()
        return None
    site, _created = ServiceSite.objects.update_or_create(offer=offer, defaults=_site_fields(offer))
    return site


@transaction.atomic
def sync_offer_sites(offers: Iterable[ServiceOffer]) -> int:
    """Sync many entries at once (after a bulk load); return how many are on the map."""
    offers = list(offers)
    ServiceSite.objects.filter(offer__in=[o for o in offers if not on_the_map(o)]).delete()
    showing = [o for o in offers if on_the_map(o)]
    existing = {s.offer_id: s for s in ServiceSite.objects.filter(offer__in=showing)}
    new, changed = [], []
    for offer in showing:
        fields = _site_fields(offer)
        site = existing.get(offer.pk)
        if site is None:
            new.append(ServiceSite(offer=offer, **fields))
        else:
            for name, value in fields.items():
                setattr(site, name, value)
            changed.append(site)
    ServiceSite.objects.bulk_create(new)
    if changed:
        ServiceSite.objects.bulk_update(changed, SYNCED)
    return len(showing)
