"""Long selects (a street's compounds, its service menu) are Django's ModelChoiceField over the
street's own records: labelled by their place, read in one query, and every value outside the
street refused, on the public forms as on the walk search."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from common.forms import LabelledChoiceField
from grids.models import Node
from servicedesk.forms import HelpForm, WishForm
from servicedesk.models import ServiceOffer
from tests.factories.alliance import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_labelled_field_lists_its_rows_in_one_query_and_cleans_to_the_object(
    small_street, django_assert_num_queries
):
    compounds = Node.objects.compounds().filter(tree_id=small_street.street.tree_id)
    field = LabelledChoiceField(
        compounds.select_related("parent").order_by("lft"), label_fields=("parent__name", "name")
    )
    with django_assert_num_queries(1):
        html = field.widget.render("place", "")
    choices = [(str(value), label) for value, label in field.choices]
    assert html.count("<option") == len(choices) == compounds.count() + 1
    first = compounds.order_by("lft").select_related("parent").first()
    assert choices[1] == (str(first.pk), f"{first.parent.name} · {first.name}")
    assert field.clean(str(first.pk)) == first
    with pytest.raises(forms.ValidationError):
        field.clean(str(small_street.street.pk))  # not one of the rows


def test_labels_are_escaped_like_any_select(small_street):
    compound = Node.objects.compounds().filter(tree_id=small_street.street.tree_id).first()
    compound.name = 'A & B <"c">'
    compound.save()
    field = LabelledChoiceField(
        Node.objects.filter(pk=compound.pk).select_related("parent"),
        label_fields=("parent__name", "name"),
    )
    html = field.widget.render("place", str(compound.pk))
    assert "A &amp; B &lt;&quot;c&quot;&gt;" in html and "selected" in html


def test_the_public_forms_offer_only_their_streets_places_and_menu(small_street, other_street):
    here, there = small_street.street, other_street.street
    ours = UnitFactory(community=small_street.communities[0])
    theirs = UnitFactory(community=other_street.communities[0])
    mine = ServiceOffer.objects.create(unit=ours, title="理发", category="daily", place="活动室")
    foreign = ServiceOffer.objects.create(unit=theirs, title="修车", category="daily", place="车棚")
    form = HelpForm(street=here)
    for name in ("community", "place"):
        offered = {node.tree_id for node in form.fields[name].queryset}
        assert offered == {here.tree_id}
    assert list(form.fields["offer"].queryset) == [mine]
    other_compound = Node.objects.compounds().filter(tree_id=there.tree_id).first()
    posted = HelpForm(
        {
            "community": other_street.communities[0].pk,
            "place": other_compound.pk,
            "offer": foreign.pk,
            "category": "daily",
        },
        street=here,
    )
    posted.is_valid()
    assert {"community", "place", "offer"} <= set(posted.errors)
    assert set(WishForm(street=here).fields["place"].queryset) == set(
        Node.objects.compounds().filter(tree_id=here.tree_id)
    )


def test_the_walk_search_lists_only_its_streets_compounds(client, small_street, other_street):
    response = client.get(reverse("servicemap:nearby"), {"street": small_street.street.code})
    html = response.content.decode()
    for compound in Node.objects.compounds().filter(latitude__isnull=False):
        shown = f'value="{compound.pk}"' in html
        assert shown == (compound.tree_id == small_street.street.tree_id)
