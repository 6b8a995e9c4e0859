"""Points for what volunteers do elsewhere in the portal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.dispatch import receiver

from servicedesk.signals import request_closed, wish_confirmed

from .models import PointSource, Volunteer, VolunteerStatus
from .services import points_award

if TYPE_CHECKING:
    from accounts.models import User


@receiver(wish_confirmed)
def award_points_for_a_wish(sender: Any, wish: Any, **kwargs: Any) -> None:
    """The volunteer who claimed a wish the resident confirmed earns the wish points."""
    if not wish.claimed_by_id:
        return
    volunteer = Volunteer.objects.filter(
        user_id=wish.claimed_by_id, status=VolunteerStatus.ACTIVE
    ).first()
    if volunteer is not None:
        points_award(volunteer=volunteer, source=PointSource.WISH, source_key=f"wish:{wish.pk}")


@receiver(request_closed)
def award_points_for_a_request(sender: Any, request: Any, by: User, **kwargs: Any) -> None:
    """Whoever served a closed request, if a volunteer, earns the request points."""
    volunteer = Volunteer.objects.filter(
        user_id=getattr(by, "pk", None), status=VolunteerStatus.ACTIVE
    ).first()
    if volunteer is not None:
        points_award(
            volunteer=volunteer, source=PointSource.REQUEST, source_key=f"request:{request.pk}"
        )
