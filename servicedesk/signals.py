"""Signals other parts of the portal may listen to, without the service desk knowing them."""

from django.dispatch import Signal

# Sent when a resident confirms a micro-wish came true: sender=MicroWish, wish=the wish.
wish_confirmed = Signal()

# Sent when a unit closes a service request: sender=ServiceRequest, request=it, by=the user.
request_closed = Signal()
