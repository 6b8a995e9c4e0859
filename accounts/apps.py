from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .receivers import keep_who

        user_logged_in.connect(keep_who, dispatch_uid="accounts.keep_who")

        # exchange sits below accounts and asks these hooks who may import what.
        from exchange import access

        from .models import Role
        from .scope import can_manage, scope_for

        access.register(
            can_manage=can_manage,
            is_street_staff=lambda user: getattr(user, "role", None) == Role.STREET_STAFF,
            scope_for=scope_for,
        )
