from django import forms
from django.utils.translation import gettext_lazy as _

from common.uploads import PolicyFormField

from .registry import KINDS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = PolicyFormField(label=_("Excel (.xlsx) or CSV file"), policy="workbook")

    def __init__(self, *args, kinds=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.slug, k.label) for k in (kinds or KINDS.values())]
