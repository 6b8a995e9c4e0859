import pytest
from django.urls import reverse

from grids import services as grid_services
from grids.models import Steward
from tests.factories import UserFactory, secretary
from tests.factories.streets import build_street

pytestmark = pytest.mark.django_db


def test_a_stewards_card_shows_the_qr_code_of_the_group_link(client, small_street, secretary_a):
    client.force_login(secretary_a)
    steward = Steward.objects.get(building=small_street.buildings[0])
    steward = grid_services.steward_assign(
        building=steward.building,
        name=steward.name,
        phone=steward.phone,
        card_number=steward.card_number,
        wechat_group_link=steward.wechat_group_link,
        show_publicly=True,  # the steward agreed to be printed whole
    )
    response = client.get(reverse("grids:steward-card", args=[steward.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert steward.name in html and steward.card_number in html
    assert "<svg" in html
    assert html.count('class="card"') == 1


def test_a_compound_prints_one_card_per_building(client, small_street, secretary_a):
    client.force_login(secretary_a)
    compound = small_street.compounds[0]
    response = client.get(reverse("grids:node-cards", args=[compound.pk]))
    assert response.status_code == 200
    assert len(response.context["cards"]) == compound.get_children().count()


def test_a_grid_prints_the_cards_of_every_compound_below(client, small_street, secretary_a):
    client.force_login(secretary_a)
    grid = small_street.grids[0]
    response = client.get(reverse("grids:node-cards", args=[grid.pk]))
    assert len(response.context["cards"]) == grid.get_descendants().filter(kind="building").count()


def test_cards_outside_the_scope_are_404(client, small_street, secretary_a):
    client.force_login(secretary_a)
    foreign = Steward.objects.get(building=small_street.buildings[-1])
    assert client.get(reverse("grids:steward-card", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("grids:steward-card", args=[999999])).status_code == 404
    foreign_compound = small_street.compounds[-1]
    assert client.get(reverse("grids:node-cards", args=[foreign_compound.pk])).status_code == 404


def test_cards_need_a_back_office_account(client, small_street):
    steward = Steward.objects.get(building=small_street.buildings[0])
    url = reverse("grids:steward-card", args=[steward.pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # outside the back office, as if it did not exist


def test_a_steward_without_a_link_gets_a_card_without_qr(client, small_street, secretary_a):
    steward = Steward.objects.get(building=small_street.buildings[0])
    steward.wechat_group_link = ""
    steward.save(update_fields=["wechat_group_link"])
    client.force_login(secretary_a)
    response = client.get(reverse("grids:steward-card", args=[steward.pk]))
    assert "<svg" not in response.content.decode()


def test_card_sheet_queries_do_not_grow_with_cards(client, django_assert_max_num_queries):
    street = build_street(communities=1, compounds_per_community=6, buildings=3)
    client.force_login(secretary(street.communities[0]))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("grids:node-cards", args=[street.communities[0].pk]))
    assert len(response.context["cards"]) == 18


def test_a_group_link_is_drawn_once_however_often_the_cards_are_printed(
    client, small_street, secretary_a, monkeypatch
):
    import segno

    from grids import cards

    cards._group_qr.cache_clear()
    drawn = []
    real = segno.make
    monkeypatch.setattr(segno, "make", lambda link, **kw: drawn.append(link) or real(link, **kw))
    client.force_login(secretary_a)
    url = reverse("grids:node-cards", args=[small_street.communities[0].pk])
    first = client.get(url).content
    assert drawn, "the cards carry QR codes"
    count = len(drawn)
    assert client.get(url).content == first
    assert len(drawn) == count
