"""Long selects (a street's compounds, its service menu) are written from rows in Python: the
same HTML as Django's Select, escaped the same, with the chosen option kept, in one query."""

from __future__ import annotations

import pytest
from django import forms

from config.forms import QuickSelect, RowChoiceField
from grids.models import Node

pytestmark = pytest.mark.django_db


def _same(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


@pytest.mark.parametrize("value", ["", "2", ["2"]])
def test_the_html_is_django_selects_with_every_value_escaped(value):
    choices = [("", "---------"), (1, 'A & B <"c">'), (2, "第二网格 · 阳光花园"), ("x'y", "Q")]
    attrs = {"id": "id_place", "required": True, "aria-invalid": "true", "disabled": False}
    ours = QuickSelect(choices=choices).render("place", value, attrs=attrs)
    django = forms.Select(choices=choices).render("place", value, attrs=attrs)
    assert _same(ours, django)
    assert "A &amp; B &lt;&quot;c&quot;&gt;" in ours and "<optgroup" not in ours


def test_groups_are_written_as_optgroups():
    choices = [("一组", [(1, "甲"), (2, "乙")]), ("二组", [(3, "丙")])]
    ours = QuickSelect(choices=choices).render("p", "3")
    assert _same(ours, forms.Select(choices=choices).render("p", "3"))
    assert '<optgroup label="一组">' in ours


def test_a_row_choice_field_lists_its_rows_in_one_query_and_cleans_to_the_object(
    small_street, django_assert_num_queries
):
    compounds = Node.objects.compounds().filter(tree_id=small_street.street.tree_id)
    field = RowChoiceField(compounds.order_by("lft"), label_fields=("parent__name", "name"))
    with django_assert_num_queries(1):
        html = field.widget.render("place", "")
    choices = [choice for choice in field.choices]  # noqa: C416 - list() would count first
    assert html.count("<option") == len(choices)
    first = compounds.order_by("lft").select_related("parent").first()
    assert choices[1] == (first.pk, f"{first.parent.name} · {first.name}")
    assert len(choices) == compounds.count() + 1
    assert field.clean(str(first.pk)) == first
    with pytest.raises(forms.ValidationError):
        field.clean(str(small_street.street.pk))  # not one of the rows
