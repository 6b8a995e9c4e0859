"""The street hierarchy: one django-mptt tree from the street down to the building."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey

from common.masking import public_name, public_phone

from .choices import NodeKind as NodeKind  # defined apart so the managers can use it too
from .managers import NodeManager
from .managers import in_subtree as in_subtree  # re-exported: the tree's subtree filter

MAX_GRID_LEVEL = 3

# The kinds whose code is their whole code path: a street keeps its path under a district.
TOP_KINDS = (NodeKind.DISTRICT, NodeKind.STREET)

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*$",
    _("Use lower-case letters, digits, hyphens and underscores."),
)
no_markup_validator = RegexValidator(
    r"<\s*[a-zA-Z/!?]",
    _("Please write plain text: no HTML or script tags."),
    inverse_match=True,
)
phone_validator = RegexValidator(
    r"^(1\d{10}|0\d{2,3}-?\d{7,8})$",
    _("Enter a mobile number (11 digits) or a landline such as 0543-4321234."),
)


# Kinds from the top of the tree down; a node is always deeper than its parent.
KIND_ORDER = [
    NodeKind.DISTRICT,
    NodeKind.STREET,
    NodeKind.ZONE,
    NodeKind.COMMUNITY,
    NodeKind.GRID,
    NodeKind.COMPOUND,
    NodeKind.BUILDING,
]


def kinds_below(kind: str) -> list[str]:
    """Return the kinds that can sit somewhere below a node of `kind`."""
    return KIND_ORDER[KIND_ORDER.index(kind) + 1 :]


def parent_accepts(
    *, parent_kind: str | None, parent_level: int | None, kind: str, level: int | None
) -> bool:
    """Return whether a node of `kind` (and grid `level`) may sit under the given parent."""
    if kind == NodeKind.DISTRICT:
        return parent_kind is None
    if kind == NodeKind.STREET:
        return parent_kind in (None, NodeKind.DISTRICT)
    if kind == NodeKind.ZONE:
        return parent_kind == NodeKind.STREET
    if kind == NodeKind.COMMUNITY:
        return parent_kind in (NodeKind.STREET, NodeKind.ZONE)
    if kind == NodeKind.GRID:
        if level == 1:
            return parent_kind == NodeKind.COMMUNITY
        return (
            parent_kind == NodeKind.GRID
            and parent_level is not None
            and level == parent_level + 1
            and level <= MAX_GRID_LEVEL
        )
    if kind == NodeKind.COMPOUND:
        return parent_kind in (NodeKind.GRID, NodeKind.COMMUNITY)
    if kind == NodeKind.BUILDING:
        return parent_kind == NodeKind.COMPOUND
    return False


class Node(MPTTModel):
    """One place in the hierarchy: district, street, zone, community, grid, compound or
    building. A district, when there is one, is the root above its streets."""

    parent = TreeForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NodeKind.choices, db_index=True)
    grid_level = models.PositiveSmallIntegerField(
        _("grid level"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_GRID_LEVEL)],
        help_text=_("1 to 3, for grids only; follows from the parent."),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[code_validator],
        help_text=_("Unique among the node's siblings; a street's code is its slug."),
    )
    code_path = models.CharField(_("code path"), max_length=400, unique=True, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    residents = models.PositiveIntegerField(_("registered residents"), null=True, blank=True)
    floating_population = models.PositiveIntegerField(
        _("floating population"), null=True, blank=True
    )
    resident_party_members = models.PositiveIntegerField(
        _("in-service and floating party members"),
        null=True,
        blank=True,
        help_text=_(
            "Party members who work or live here with their membership elsewhere "
            "(在职、流动党员), as the street counts them."
        ),
    )
    service_centre = models.CharField(
        _("party-mass service centre"),
        max_length=100,
        blank=True,
        help_text=_("The party-mass service centre (党群服务中心) of a zone or community."),
    )
    has_owners_committee = models.BooleanField(_("has an owners' committee"), default=False)
    property_company = models.CharField(
        _("property-management company"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty when the compound has no property management."),
    )

    objects = NodeManager()

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("hierarchy")
        # A subtree is a range of lft within a tree, listed in lft order: every scoped list.
        indexes = [models.Index(fields=["tree_id", "lft"], name="grids_node_tree_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "code"], name="grids_node_code_unique_among_siblings"
            ),
            # A street's code is its slug and its code path, under a district or not.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(kind__in=TOP_KINDS),
                name="grids_node_street_code_unique",
            ),
            # A district is always a root; a street is a root or sits under a district.
            models.CheckConstraint(
                condition=(Q(kind=NodeKind.DISTRICT) & Q(parent__isnull=True))
                | Q(kind=NodeKind.STREET)
                | (~Q(kind__in=TOP_KINDS) & Q(parent__isnull=False)),
                name="grids_node_only_districts_and_streets_are_roots",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=NodeKind.GRID) & Q(grid_level__gte=1) & Q(grid_level__lte=MAX_GRID_LEVEL)
                )
                | (~Q(kind=NodeKind.GRID) & Q(grid_level__isnull=True)),
                name="grids_node_grid_level_only_on_grids",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = self.parent  # None without a query when there is none (also unsaved)
        self.grid_level = self.derived_grid_level()
        if not parent_accepts(
            parent_kind=parent.kind if parent else None,
            parent_level=parent.grid_level if parent else None,
            kind=self.kind,
            level=self.grid_level,
        ):
            raise ValidationError({"parent": self.placement_error()})
        if self.kind != NodeKind.COMPOUND and (self.has_owners_committee or self.property_company):
            raise ValidationError(
                _("Only a residential compound has an owners' committee or a property company.")
            )

    def derived_grid_level(self) -> int | None:
        """Return the level a grid has under its parent: one below a grid, else 1."""
        if self.kind != NodeKind.GRID:
            return None
        parent = self.parent
        if parent is not None and parent.kind == NodeKind.GRID and parent.grid_level:
            return parent.grid_level + 1
        return 1

    def placement_error(self) -> str:
        """Return the message telling where a node of this kind may go."""
        messages = {
            NodeKind.DISTRICT: _("A district is the root of its tree and has no parent."),
            NodeKind.STREET: _("A street is the root of its tree or sits under a district."),
            NodeKind.ZONE: _("A zone belongs directly under a street."),
            NodeKind.COMMUNITY: _("A community belongs under a street or a zone."),
            NodeKind.COMPOUND: _("A residential compound belongs under a grid or a community."),
            NodeKind.BUILDING: _("A building belongs under a residential compound."),
        }
        if self.kind == NodeKind.GRID:
            return str(
                _(
                    "A grid belongs under a community (level 1) or under a grid of level 1 "
                    "or 2; grids go no deeper than level 3."
                )
            )
        return str(messages.get(self.kind, _("This node cannot go there.")))

    @property
    def is_three_none(self) -> bool:
        """Return whether a compound has neither branch, owners' committee nor property company.

        Reads the `branch_count` annotation of `with_governance()` where present.
        """
        if self.kind != NodeKind.COMPOUND:
            return False
        branch_count = getattr(self, "branch_count", None)
        if branch_count is None:
            branch_count = self.party_organizations.place_branches().count()
        return not (branch_count or self.has_owners_committee or self.property_company)

    @property
    def is_street(self) -> bool:
        return self.kind == NodeKind.STREET

    def street_node(self) -> Node | None:
        """Return the street this node lies in (itself for a street; a zone may stand between
        a street and its communities). One query, none for a street."""
        if self.kind == NodeKind.STREET:
            return self
        return self.get_ancestors().filter(kind=NodeKind.STREET).first()

    def district_node(self) -> Node | None:
        """Return the district this node lies in (itself for a district), or None for a street
        no district watches. No query for a district or a root street."""
        if self.kind == NodeKind.DISTRICT:
            return self
        if self.parent_id is None:
            return None
        root = self.get_root()
        return root if root.kind == NodeKind.DISTRICT else None

    def lies_in(self, node: Node) -> bool:
        """Return whether this node is `node` or below it (no query)."""
        return self.tree_id == node.tree_id and node.lft <= self.lft <= node.rght

    @property
    def is_community(self) -> bool:
        return self.kind == NodeKind.COMMUNITY

    @property
    def kind_label(self) -> str:
        """Return the kind as shown to people, with the grid level."""
        if self.kind == NodeKind.GRID and self.grid_level:
            return str(_("Level-%(level)s grid") % {"level": self.grid_level})
        return str(self.get_kind_display())


class Person(models.Model):
    """Someone with a post on the tree, reachable by phone."""

    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


def _require_kind(node: Node | None, kind: str, message: str, field: str) -> None:
    if node is not None and node.kind != kind:
        raise ValidationError({field: message})


class GridLeader(Person):
    """The grid leader (网格长) of one grid."""

    grid = models.OneToOneField(
        Node,
        on_delete=models.CASCADE,
        related_name="grid_leader",
        limit_choices_to={"kind": NodeKind.GRID},
        verbose_name=_("grid"),
    )
    position = models.CharField(
        _("position"),
        max_length=100,
        blank=True,
        help_text=_("For example: member of the street working committee, community cadre."),
    )

    class Meta:
        verbose_name = _("grid leader")
        verbose_name_plural = _("grid leaders")

    def clean(self) -> None:
        _require_kind(
            self.grid if self.grid_id else None,
            NodeKind.GRID,
            _("A grid leader leads a grid."),
            "grid",
        )


class Steward(Person):
    """The building steward (楼栋红管家): one building, one steward, one card, one group."""

    building = models.OneToOneField(
        Node,
        on_delete=models.CASCADE,
        related_name="steward",
        limit_choices_to={"kind": NodeKind.BUILDING},
        verbose_name=_("building"),
    )
    card_number = models.CharField(_("service card number"), max_length=30, unique=True)
    wechat_group_name = models.CharField(_("WeChat work group"), max_length=100, blank=True)
    wechat_group_link = models.URLField(
        _("group join link"),
        blank=True,
        help_text=_("Printed as a QR code on the service card."),
    )
    show_publicly = models.BooleanField(
        _("name and phone shown publicly"),
        default=False,
        help_text=_(
            "Only with the steward's consent: otherwise public pages and service cards show "
            "the name and phone masked (张*, 138********)."
        ),
    )

    class Meta:
        verbose_name = _("building steward")
        verbose_name_plural = _("building stewards")

    def clean(self) -> None:
        _require_kind(
            self.building if self.building_id else None,
            NodeKind.BUILDING,
            _("A steward looks after a building."),
            "building",
        )

    @property
    def public_name(self) -> str:
        """Return the name as the public sees it: whole only with the steward's consent."""
        return public_name(self.name, self.show_publicly)

    @property
    def public_phone(self) -> str:
        """Return the phone as the public sees it: whole only with the steward's consent."""
        return public_phone(self.phone, self.show_publicly)


class CadreAssignment(Person):
    """A street cadre assigned to a grid (包联)."""

    grid = models.ForeignKey(
        Node,
        on_delete=models.CASCADE,
        related_name="cadre_assignments",
        limit_choices_to={"kind": NodeKind.GRID},
        verbose_name=_("grid"),
    )
    position = models.CharField(_("position"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("assigned street cadre")
        verbose_name_plural = _("assigned street cadres")
        constraints = [
            models.UniqueConstraint(fields=["grid", "name"], name="grids_cadre_once_per_grid")
        ]

    def clean(self) -> None:
        _require_kind(
            self.grid if self.grid_id else None,
            NodeKind.GRID,
            _("Street cadres are assigned to grids."),
            "grid",
        )


class ZoneLiaison(Person):
    """The one liaison (联络员) of a zone."""

    zone = models.OneToOneField(
        Node,
        on_delete=models.CASCADE,
        related_name="liaison",
        limit_choices_to={"kind": NodeKind.ZONE},
        verbose_name=_("zone"),
    )

    class Meta:
        verbose_name = _("zone liaison")
        verbose_name_plural = _("zone liaisons")

    def clean(self) -> None:
        _require_kind(
            self.zone if self.zone_id else None,
            NodeKind.ZONE,
            _("A liaison serves a zone."),
            "zone",
        )
