"""Service sites for the map: centres, rest stations, stations and bases residents can walk to."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.uploads import PolicyImageField, UploadValidator
from grids.models import Node, no_markup_validator, phone_validator
from organizations.models import Unit


class SiteKind(models.TextChoices):
    PARTY_MASS_CENTRE = "centre", _("Party-mass service centre (党群服务中心)")
    REST_STATION = "rest", _("Rest station for riders and outdoor workers (暖蜂驿站)")
    LABOUR_STATION = "labour", _("Labour-relations coordination station")
    TALENT_STATION = "talent", _("Talent and incubation station")
    MOBILE_STATION = "mobile", _("Mobile party member station")
    HEALTH_BASE = "health", _("Health base")
    SCIENCE_BASE = "science", _("Science base")
    EMPLOYMENT_BASE = "employment", _("Employment and training base")
    MENU_ENTRY = "menu", _("Unit service-menu entry")


class ServiceSite(models.Model):
    name = models.CharField(_("name"), max_length=120, validators=[no_markup_validator])
    kind = models.CharField(_("kind"), max_length=12, choices=SiteKind.choices, db_index=True)
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="service_sites",
        verbose_name=_("where (on the tree)"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_sites",
        verbose_name=_("run by (unit)"),
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    hours = models.CharField(_("opening hours"), max_length=100)
    services = models.TextField(_("services offered"), blank=True, validators=[no_markup_validator])
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[phone_validator]
    )
    offer = models.OneToOneField(
        "servicedesk.ServiceOffer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="site",
        editable=False,
        verbose_name=_("service-menu entry"),
        help_text=_("Kept in step with the unit's service menu; edit the menu entry instead."),
    )
    active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("service site")
        verbose_name_plural = _("service sites")
        ordering = ["node__lft", "name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("servicemap:site", args=[self.pk])


# The site photo's checks are now the "site_photo" upload policy (common/uploads.py); these two
# names stay because migration 0002 refers to them.
photo_size_validator = UploadValidator("site_photo")
picture_validator = UploadValidator("site_photo")


class SitePhoto(models.Model):
    """A photo of a site; the caption is the text a screen reader reads in its place."""

    site = models.ForeignKey(
        ServiceSite, on_delete=models.CASCADE, related_name="photos", verbose_name=_("service site")
    )
    image = PolicyImageField(_("photo"), policy="site_photo", folder="sites")
    caption = models.CharField(
        _("caption"),
        max_length=120,
        validators=[no_markup_validator],
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("site photo")
        verbose_name_plural = _("site photos")
        ordering = ["site", "position", "pk"]

    def __str__(self) -> str:
        return self.caption
