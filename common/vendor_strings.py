"""Strings of the libraries we use that their own zh-hans catalogues lack (Django 5.2's admin,
django-auditlog). Marked here so `make messages` keeps them in our catalogue, which Django reads
before the libraries' own: the admin's screen-reader headings and the audit log are then in
Chinese too. Nothing imports this module; tests/test_interface_in_chinese.py finds what is
missing."""

from django.utils.translation import gettext_noop

VENDOR_STRINGS = (
    # django/contrib/admin/templates/admin/app_list.html, read aloud above each app's models
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # django/contrib/admin/templates/admin/auth/user/add_form.html
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    # auditlog/mixins.py, auditlog/apps.py and auditlog/templates/auditlog/object_history.html
    gettext_noop("Audit log"),
    gettext_noop("Audit log: %s"),
    gettext_noop("Changes"),
    gettext_noop("Resource"),
    gettext_noop("No field changes"),
    gettext_noop("No log entries found."),
    gettext_noop("system"),
    gettext_noop("Click to filter by records with this correlation id"),
)
