from django import forms
from django.utils.translation import gettext_lazy as _

from common.params import MAX_ID


class PageQuery(forms.Form):
    """`?page=` of the inbox: a whole number from 1; anything else reads as the first page."""

    page = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)

    def page_number(self) -> int:
        if self.is_valid() and self.cleaned_data["page"]:
            return self.cleaned_data["page"]
        return 1


class PreferenceForm(forms.Form):
    """How a user wants to be told, besides the in-app list (always on)."""

    email = forms.BooleanField(
        label=_("By e-mail"),
        required=False,
        help_text=_("Sent to the e-mail address of your account, if it has one."),
    )
    sms = forms.BooleanField(
        label=_("By text message"),
        required=False,
        help_text=_("Sent to the phone number of your account, if it has one."),
    )
