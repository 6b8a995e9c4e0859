"""The forms staff fill in for a resident without a phone (代办): the public forms, asked about
the resident instead of "you", their places narrowed to what the staff member may see."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import scope_for
from common.forms import LabelledChoiceField
from grids.models import Node, no_markup_validator, phone_validator
from pledges.models import Satisfaction
from pledges.selectors import published_pledges
from servicedesk.forms import HelpForm, ResidentForm, WishForm

RESIDENT_LABELS = {
    "resident_name": _("the resident's name"),
    "resident_phone": _("the resident's phone"),
}
RESIDENT_PHONE_HELP = _(
    "A landline or a family member's mobile the resident is reached at; its last four digits "
    "and the tracking code let them follow it at the service centre."
)


class _Assisted(ResidentForm):
    """A public resident form for `user` to fill in: communities and compounds in their scope."""

    def __init__(self, *args, user: User, **kwargs):
        scope = scope_for(user)
        super().__init__(*args, street=scope.node, **kwargs)
        del self.fields["website"]  # staff are no bots: no honeypot on a signed-in page
        for name, label in RESIDENT_LABELS.items():
            self.fields[name].label = label
        self.fields["resident_phone"].help_text = RESIDENT_PHONE_HELP
        for name in ("community", "place"):
            self.fields[name].queryset = scope.filter(self.fields[name].queryset)


class AssistedWishForm(_Assisted, WishForm):
    pass


class AssistedHelpForm(_Assisted, HelpForm):
    pass


class AssistedRatingForm(forms.Form):
    """A resident's rating of a published pledge, given in person."""

    error_css_class = "error"

    pledge = LabelledChoiceField(
        label=_("pledge"),
        queryset=published_pledges().none(),
        label_fields=("pledge_list__pledger_name", "text"),
    )
    value = forms.ChoiceField(label=_("rating"), choices=Satisfaction.choices)
    resident_phone = forms.CharField(
        label=_("the resident's phone"),
        max_length=20,
        validators=[phone_validator],
        help_text=_(
            "Kept only scrambled, so the same resident rates a pledge once a month, however "
            "often they come."
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    comment = forms.CharField(
        label=_("comment (optional)"),
        max_length=300,
        required=False,
        validators=[no_markup_validator],
    )

    def __init__(self, *args, pledges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge"].queryset = pledges


class AssistedVolunteerForm(forms.Form):
    """A volunteer registration without an account: the community keeps the volunteer's record."""

    error_css_class = "error"

    name = forms.CharField(label=_("the resident's name"), max_length=30)
    phone = forms.CharField(
        label=_("the resident's phone"),
        max_length=20,
        validators=[phone_validator],
        help_text=RESIDENT_PHONE_HELP,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    community = LabelledChoiceField(
        label=_("community"), queryset=Node.objects.none(), label_fields=("name",)
    )
    skills = forms.CharField(label=_("skills (optional)"), max_length=200, required=False)
    availability = forms.CharField(
        label=_("when they can help (optional)"), max_length=100, required=False
    )
    is_party_member = forms.BooleanField(label=_("party member"), required=False)
    consent = forms.BooleanField(
        label=_(
            "The resident agreed in person that the community keeps these details to arrange "
            "their volunteering."
        ),
        required=True,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        self.fields["community"].queryset = scope.filter(Node.objects.communities()).order_by("lft")
