"""The admin app, set to the back office's own site (config/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig


class AllianceAdminConfig(AdminConfig):
    default_site = "config.admin_site.AllianceAdminSite"
