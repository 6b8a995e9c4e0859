"""Keep the map in step with units' service menus (an open menu entry with a place is a site),
and write the sites and photos entered by hand."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grids.models import Node
from organizations.models import Unit
from servicedesk.models import ServiceOffer

from .models import ServiceSite, SiteKind, SitePhoto

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


# Sites and photos entered by hand (the back office) ---------------------------------------

SITE_FIELDS = (
    "name",
    "kind",
    "node",
    "unit",
    "address",
    "latitude",
    "longitude",
    "hours",
    "services",
    "contact_name",
    "contact_phone",
    "active",
)
PHOTO_CHANGEABLE = ("image", "caption", "position")


def _not_synced(site: ServiceSite) -> None:
    if site.offer_id is not None:
        raise ValidationError(
            _(
                "This site follows its unit's service menu: change or withdraw the menu "
                "entry instead."
            )
        )


@transaction.atomic
def site_create(
    *,
    name: str,
    kind: str,
    node: Node,
    address: str,
    latitude: Decimal,
    longitude: Decimal,
    hours: str,
    services: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    unit: Unit | None = None,
    active: bool = True,
) -> ServiceSite:
    """Put a site on the map by hand (a menu entry's site comes from sync_offer_site)."""
    site = ServiceSite(
        name=name,
        kind=kind,
        node=node,
        unit=unit,
        address=address,
        latitude=latitude,
        longitude=longitude,
        hours=hours,
        services=services,
        contact_name=contact_name,
        contact_phone=contact_phone,
        active=active,
    )
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def site_update(*, site: ServiceSite, **fields: Any) -> ServiceSite:
    """Correct a site entered by hand (SITE_FIELDS); a menu entry's site follows the entry."""
    unknown = set(fields) - set(SITE_FIELDS)
    if unknown:
        raise ValueError(f"site_update does not change {sorted(unknown)}")
    if not fields:
        return site
    _not_synced(site)
    for name, value in fields.items():
        setattr(site, name, value)
    site.full_clean()
    site.save(update_fields=list(fields))
    return site


@transaction.atomic
def site_delete(*, site: ServiceSite) -> None:
    """Take a site entered by hand off the map, with its photos."""
    _not_synced(site)
    site.delete()


@transaction.atomic
def site_photo_add(*, site: ServiceSite, image: Any, caption: str, position: int = 0) -> SitePhoto:
    """Add a photo to a site. The upload policy checks the file (full_clean) and stores it
    re-encoded under a random name (the field file's save)."""
    photo = SitePhoto(site=site, image=image, caption=caption, position=position)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def site_photo_update(*, photo: SitePhoto, **fields: Any) -> SitePhoto:
    """Change a photo's caption or order, or replace the picture (PHOTO_CHANGEABLE)."""
    unknown = set(fields) - set(PHOTO_CHANGEABLE)
    if unknown:
        raise ValueError(f"site_photo_update does not change {sorted(unknown)}")
    if not fields:
        return photo
    for name, value in fields.items():
        setattr(photo, name, value)
    photo.full_clean()
    photo.save(update_fields=list(fields))
    return photo


@transaction.atomic
def site_photo_delete(*, photo: SitePhoto) -> None:
    """Remove a photo from its site."""
    photo.delete()
