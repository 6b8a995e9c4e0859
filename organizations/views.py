from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grids.cards import card_context
from grids.selectors import stewards_under

from .permissions import node_get_for_user, require_back_office, steward_get_for_user


@login_required
def steward_card(request: HttpRequest, steward_id: int) -> HttpResponse:
    """Render one steward's printable service card."""
    steward = steward_get_for_user(request.user, steward_id)
    require_back_office(request.user)
    return render(
        request,
        "grids/service_cards.html",
        {"title": steward.public_name, "node": steward.building, "cards": card_context([steward])},
    )


@login_required
def node_cards(request: HttpRequest, node_id: int) -> HttpResponse:
    """Render the service cards of every steward below a compound, grid or community."""
    node = node_get_for_user(request.user, node_id)
    require_back_office(request.user)
    stewards = list(stewards_under(node))
    return render(
        request,
        "grids/service_cards.html",
        {"title": node.name, "node": node, "cards": card_context(stewards)},
    )
