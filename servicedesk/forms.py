from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import HoneypotMixin, LabelledChoiceField
from common.params import IdField
from grids.models import Node, in_subtree, no_markup_validator, phone_validator
from grids.selectors import buildings_of, compounds_of

from .models import ServiceCategory, ServiceOffer


class ResidentForm(HoneypotMixin):
    """What every public submission asks: where, who, and how to reach them. Nothing more.

    The places narrow to the choice above them: once a community is chosen (posted, or typed
    before a refresh) the compounds are that community's, and once a compound is chosen the
    buildings are that compound's, so a compound of another community is refused here, beside
    its field. The page's script narrows them as the resident chooses (/api/v1/places/); without
    script the refresh buttons post the form back to narrow them (`refresh`). Every field
    carries the record's own validators, so every mistake shows at once, each beside its field.
    """

    error_css_class = "error"

    community = LabelledChoiceField(
        label=_("community"), queryset=Node.objects.none(), label_fields=("name",)
    )
    place = LabelledChoiceField(
        label=_("compound (optional)"),
        queryset=Node.objects.none(),
        required=False,
        label_fields=("parent__name", "name"),
        error_messages={"invalid_choice": _("Choose a compound of the chosen community.")},
    )
    building = LabelledChoiceField(
        label=_("building (optional)"),
        queryset=Node.objects.none(),
        required=False,
        label_fields=("name",),
        help_text=_("The buildings of the chosen compound."),
        error_messages={"invalid_choice": _("Choose a building of the chosen compound.")},
    )
    resident_name = forms.CharField(
        label=_("your name"), max_length=30, validators=[no_markup_validator]
    )
    resident_phone = forms.CharField(
        label=_("your phone"),
        max_length=20,
        validators=[phone_validator],
        help_text=_("Only the person handling it sees the whole number."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, street: Node | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if street is None:
            return
        nodes = Node.objects.under(street)
        self.fields["community"].queryset = nodes.communities().order_by("lft")
        community = self._chosen("community")
        self.fields["place"].queryset = (
            compounds_of(community)
            if community is not None
            else nodes.compounds().select_related("parent").order_by("lft")
        )
        compound = self._chosen("place")
        if compound is not None:
            self.fields["building"].queryset = buildings_of(compound)

    def _chosen(self, name: str) -> Node | None:
        """The node chosen in field `name` (posted, or typed before a refresh) among its
        choices, or None when none or no valid one is."""
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        try:
            pk = IdField(required=True).clean(value)
        except forms.ValidationError:
            return None
        return self.fields[name].queryset.filter(pk=pk).first()

    def clean(self):
        data = super().clean()
        # The record keeps one place, the narrowest given: the building, else the compound.
        building = data.pop("building", None)
        if building is not None:
            data["place"] = building
        return data


class WishForm(ResidentForm):
    title = forms.CharField(label=_("your wish"), max_length=100, validators=[no_markup_validator])
    description = forms.CharField(
        label=_("details"),
        max_length=1000,
        required=False,
        validators=[no_markup_validator],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HelpForm(ResidentForm):
    category = forms.ChoiceField(label=_("what kind of help"), choices=ServiceCategory.choices)
    offer = LabelledChoiceField(
        label=_("a service from the menu (optional)"),
        queryset=ServiceOffer.objects.none(),
        required=False,
        label_fields=("unit__name", "title"),
    )
    description = forms.CharField(
        label=_("what is needed"),
        max_length=2000,
        validators=[no_markup_validator],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    latitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6
    )

    def __init__(self, *args, street: Node | None = None, **kwargs):
        super().__init__(*args, street=street, **kwargs)
        if street is not None:
            self.fields["offer"].queryset = ServiceOffer.objects.filter(
                in_subtree(street, "unit__community"), active=True
            ).select_related("unit")


class TrackForm(forms.Form):
    code = forms.CharField(label=_("tracking code"), max_length=16)


class ResidentProofForm(forms.Form):
    """What acting by tracking code asks besides the code: the last four digits of the phone."""

    phone_last4 = forms.RegexField(
        label=_("last four digits of the phone you gave"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Type the last four digits of your phone number.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}
        ),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("your rating"), choices=[(i, "★" * i) for i in range(5, 0, -1)], coerce=int
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OfferForm(forms.ModelForm):
    class Meta:
        model = ServiceOffer
        fields = [
            "title",
            "category",
            "description",
            "place",
            "hours",
            "capacity",
            "contact_name",
            "contact_phone",
            "active",
        ]


class DeskQuery(forms.Form):
    """Which page of the desk's requests and of its wishes (?requests=, ?wishes=)."""

    requests = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    wishes = forms.IntegerField(required=False, min_value=1, max_value=10_000)


class MenuQuery(forms.Form):
    """The service menu's query: one category, one unit's lines."""

    category = forms.ChoiceField(choices=[("", ""), *ServiceCategory.choices], required=False)
    unit = IdField()
