"""The five seed streets as plans: nested items the loader turns into the tree.

Figures follow the source articles (../shared/seeds): counts that the articles give are
exact; names, people and the parts the articles leave open are made up, from a seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .names import NameMaker, ordinal, spread


@dataclass
class Item:
    kind: str
    code: str
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    orgs: list[dict[str, Any]] = field(default_factory=list)
    leader: dict[str, Any] | None = None
    cadres: list[dict[str, Any]] = field(default_factory=list)
    steward: dict[str, Any] | None = None
    liaison: dict[str, Any] | None = None
    children: list[Item] = field(default_factory=list)

    def add(self, child: Item) -> Item:
        self.children.append(child)
        return child

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


class Planner:
    """Shared steps of the street plans."""

    def __init__(self, slug: str, seed: int, scale: int, centre: tuple[str, str]) -> None:
        self.slug = slug
        self.scale = scale
        self.names = NameMaker(f"{seed}-{slug}")
        self.centre = (Decimal(centre[0]), Decimal(centre[1]))
        self._card = 0

    def coords(self) -> dict[str, Decimal]:
        """Return a point within about a kilometre of the street's centre."""
        jitter = lambda: Decimal(self.names.rng.randint(-9000, 9000)) / Decimal(1_000_000)  # noqa: E731
        return {"latitude": self.centre[0] + jitter(), "longitude": self.centre[1] + jitter()}

    def person(self, **extra: Any) -> dict[str, Any]:
        return {"name": self.names.person(), "phone": self.names.phone(), **extra}

    def org(self, kind: str, name: str, low: int = 8, high: int = 60) -> dict[str, Any]:
        return {
            "kind": kind,
            "name": name,
            "secretary_name": self.names.person(),
            "secretary_phone": self.names.phone(),
            "member_count": self.names.between(low, high),
        }

    def community(self, parent: Item, index: int, name: str | None = None, **fields: Any) -> Item:
        name = name or self.names.community()
        households = self.names.between(1800, 6500)
        return parent.add(
            Item(
                "community",
                f"c{index:02d}",
                name,
                fields={
                    "address": self.names.address(),
                    "households": households,
                    "residents": households * 3,
                    "floating_population": self.names.between(300, 3000),
                    **self.coords(),
                    **fields,
                },
            )
        )

    def grid(self, parent: Item, code: str, name: str, position: str) -> Item:
        return parent.add(Item("grid", code, name, leader=self.person(position=position)))

    def compound(self, parent: Item, index: int, name: str | None = None) -> Item:
        name = name or self.names.compound()
        has_property = self.names.chance(0.7)
        fields = {
            "address": self.names.address(),
            "households": self.names.between(80, 900),
            "has_owners_committee": self.names.chance(0.6),
            "property_company": f"{name[:2]}物业服务有限公司" if has_property else "",
            **self.coords(),
        }
        return parent.add(Item("compound", f"x{index:03d}", name, fields=fields))

    def buildings(self, compound: Item, count: int) -> None:
        for n in range(1, count + 1):
            self._card += 1
            building = compound.add(
                Item(
                    "building",
                    f"b{n:02d}",
                    f"{n}号楼",
                    fields={"address": f"{compound.name}{n}号楼"},
                )
            )
            building.steward = self.person(
                card_number=f"{self.slug.upper()}-{self._card:05d}",
                wechat_group_name=f"{compound.name}{n}号楼邻里群",
                wechat_group_link=f"https://work.weixin.qq.com/gm/{self.slug}{self._card:05d}",
                # Every other steward agreed to be shown whole; the rest appear as 张*, 138********.
                show_publicly=self._card % 2 == 1,
            )

    def give_branches(self, compounds: list[Item], count: int) -> None:
        """Give `count` of the compounds a party branch, the rest keep none."""
        for compound in self.names.rng.sample(compounds, count):
            compound.orgs.append(self.org("branch", f"{compound.name}党支部", 3, 30))

    def make_three_none(self, compounds: list[Item], count: int) -> None:
        """Strip the governance of `count` branchless compounds: the 三无小区."""
        branchless = [c for c in compounds if not c.orgs]
        for compound in branchless[:count]:
            compound.fields["has_owners_committee"] = False
            compound.fields["property_company"] = ""
        for compound in branchless[count:]:
            if (
                not compound.fields["has_owners_committee"]
                and not compound.fields["property_company"]
            ):
                compound.fields["has_owners_committee"] = True

    def street(self, name: str, address: str, org: dict[str, Any], **fields: Any) -> Item:
        lat, lng = self.centre
        return Item(
            "street",
            self.slug,
            name,
            fields={"address": address, "latitude": lat, "longitude": lng, **fields},
            orgs=[org],
        )


ZHANGWAN_CIRCLES = [
    ("hangkong", "航空路"),
    ("huaqiao", "华侨城"),
    ("xinhua", "新华路"),
    ("wanda", "万达"),
]


def plan_zhangwan(seed: int, scale: int) -> Item:
    """张湾街道 (Xiangyang): 11 communities, 11/67/325 grids, 120 compounds, 57 organisations."""
    p = Planner("zhangwan", seed, scale, ("32.127600", "112.195300"))
    street = p.street(
        "张湾街道",
        "湖北省襄阳市襄州区张湾街道",
        p.org("working_committee", "张湾街道党工委"),
        households=56000,
        residents=170000 * scale,
        floating_population=110000 * scale,
        resident_party_members=8200 * scale,  # 在职、流动党员8000多名
    )
    communities = [p.community(street, i) for i in range(1, 11 * scale + 1)]
    level2: list[Item] = []
    for community in communities:
        community.orgs.append(p.org("committee", f"{community.name}党委", 40, 180))
        l1 = p.grid(community, "g1", f"{community.name}一级网格", "街道党工委班子成员")
        l1.orgs.append(p.org("general_branch", f"{community.name}网格党总支", 15, 60))
        l1.cadres.append(p.person(position="街道机关干部"))
        level2.append(l1)
    l2_counts = spread(67 * scale, len(level2))
    grids2: list[Item] = []
    for l1, count in zip(level2, l2_counts, strict=True):
        for j in range(1, count + 1):
            grids2.append(p.grid(l1, f"g{j:02d}", f"{ordinal(j)}网格", "社区两委成员"))
    for l2, count in zip(grids2, spread(325 * scale, len(grids2)), strict=True):
        for k in range(1, count + 1):
            p.grid(l2, f"u{k:02d}", p.names.unit(), "驻街单位负责人")
    compounds: list[Item] = []
    index = 0
    for l2, count in zip(grids2, spread(120 * scale, len(grids2)), strict=True):
        for _ in range(count):
            index += 1
            compound = p.compound(l2, index)
            p.buildings(compound, p.names.between(2, 5))
            compounds.append(compound)
    p.give_branches(compounds, 35 * scale)
    p.make_three_none(compounds, 6 * scale)
    # 4个大型商圈: the article counts them without names; these are made up.
    for copy in range(1, scale + 1):
        suffix = "" if copy == 1 else f"{copy}"
        for code, name in ZHANGWAN_CIRCLES:
            street.add(
                Item(
                    "zone",
                    f"{code}{suffix}",
                    f"{name}商圈{suffix}",
                    fields={"service_centre": f"{name}商圈党群服务站", **p.coords()},
                    liaison=p.person(),
                )
            )
    return street


def plan_daixi(seed: int, scale: int) -> Item:
    """黛溪街道 (Zouping): 9 community committees, 36 grid general branches, 256 compounds
    (210 with a branch) and 614 building stewards."""
    p = Planner("daixi", seed, scale, ("36.863000", "117.743000"))
    street = p.street(
        "黛溪街道",
        "山东省滨州市邹平市黛溪街道",
        p.org("working_committee", "黛溪街道党工委"),
    )
    grids: list[Item] = []
    for i in range(1, 9 * scale + 1):
        community = p.community(street, i)
        community.orgs.append(p.org("committee", f"{community.name}党委", 40, 200))
        for j in range(1, 5):
            grid = p.grid(community, f"g{j}", f"{ordinal(j)}网格", "社区两委成员")
            grid.orgs.append(p.org("general_branch", f"{community.name}{ordinal(j)}网格党总支"))
            grids.append(grid)
    compounds: list[Item] = []
    index = 0
    for grid, count in zip(grids, spread(256 * scale, len(grids)), strict=True):
        for _ in range(count):
            index += 1
            name = "纸箱厂小区" if index == 1 else None
            compounds.append(p.compound(grid, index, name))
    for compound, count in zip(compounds, spread(614 * scale, len(compounds)), strict=True):
        p.buildings(compound, count)
    p.give_branches(compounds, 210 * scale)
    for compound in compounds:  # every compound with a branch has its owners' committee
        if compound.orgs:
            compound.fields["has_owners_committee"] = True
    p.make_three_none(compounds, 18 * scale)
    return street


def plan_sancha(seed: int, scale: int) -> Item:
    """三岔街道 (Chengdu East New Area): three zones, each with a service centre and a liaison."""
    p = Planner("sancha", seed, scale, ("30.283000", "104.402000"))
    street = p.street(
        "三岔街道",
        "四川省成都东部新区三岔街道",
        p.org("working_committee", "三岔街道党工委"),
        service_centre="三岔街道党群服务中心",
    )
    zones = [("changzhen", "场镇"), ("lanchoudai", "蓝绸带"), ("bajiao", "八角社区")]
    index = 0
    compound_index = 0
    for copy in range(1, scale + 1):
        for code, short in zones:
            suffix = "" if copy == 1 else f"{copy}"
            zone = street.add(
                Item(
                    "zone",
                    f"{code}{suffix}",
                    f"{short}片区{suffix}",
                    fields={"service_centre": f"{short}片区党群服务中心", **p.coords()},
                    liaison=p.person(),
                )
            )
            for n in range(2):
                index += 1
                name = "八角社区" if code == "bajiao" and n == 0 and copy == 1 else None
                community = p.community(zone, index, name)
                community.orgs.append(p.org("committee", f"{community.name}党委", 30, 120))
                for j in range(1, 3):
                    grid = p.grid(community, f"g{j}", f"{ordinal(j)}网格", "社区两委成员")
                    for _ in range(2):
                        compound_index += 1
                        compound = p.compound(grid, compound_index)
                        p.buildings(compound, p.names.between(2, 4))
                        if p.names.chance(0.6):
                            compound.orgs.append(p.org("branch", f"{compound.name}党支部", 3, 20))
    return street


def plan_jinshanqiao(seed: int, scale: int) -> Item:
    """金山桥街道 (Xuzhou): "1+2+N", with 24 party organisations below the street committee."""
    p = Planner("jinshanqiao", seed, scale, ("34.223000", "117.318000"))
    street = p.street(
        "金山桥街道",
        "江苏省徐州经济技术开发区金山桥街道",
        p.org("committee", "金山桥街道党委", 20, 60),
        service_centre="金山桥街道党群服务中心",
    )
    compound_index = 0
    for copy in range(scale):
        named = ["怡园社区", None, None, None] if copy == 0 else [None] * 4
        for i, name in enumerate(named, start=1):
            extra = {"service_centre": "怡园社区党群服务中心"} if name == "怡园社区" else {}
            community = p.community(street, copy * 4 + i, name, **extra)
            community.orgs.append(p.org("committee", f"{community.name}党委", 30, 150))
            for j in (1, 2):
                grid = p.grid(community, f"g{j}", f"{ordinal(j)}网格", "社区两委成员")
                grid.orgs.append(p.org("general_branch", f"{community.name}{ordinal(j)}网格党总支"))
                # 12 compound branches over 8 grids: the first four grids hold two compounds.
                for _ in range(2 if (i - 1) * 2 + j <= 4 else 1):
                    compound_index += 1
                    compound = p.compound(grid, compound_index)
                    compound.orgs.append(p.org("branch", f"{compound.name}党支部", 3, 25))
                    p.buildings(compound, p.names.between(2, 4))
    return street


QUYANG_NEIGHBOURHOODS = ["赤峰", "东体", "密云", "玉田", "巴林", "林云", "运光", "东五"]


def plan_quyang(seed: int, scale: int) -> Item:
    """曲阳路街道 (Shanghai, Hongkou): the working committee, one circle and four networks."""
    p = Planner("quyang", seed, scale, ("31.278000", "121.482000"))
    street = p.street(
        "曲阳路街道",
        "上海市虹口区曲阳路街道",
        p.org("working_committee", "曲阳路街道党工委"),
        service_centre="曲阳社区党建服务中心",
    )
    street.orgs += [
        p.org("party_group", "曲阳路街道行政党组", 5, 15),
        p.org("committee", "曲阳路街道居民区党委", 20, 80),
        p.org("committee", "曲阳路街道综合党委", 20, 80),
        p.org("committee", "曲阳社区党建协调委员会", 10, 40),
    ]
    compound_index = 0
    for copy in range(1, scale + 1):
        suffix = "" if copy == 1 else f"{copy}"
        circle = street.add(
            Item(
                "zone",
                f"dabaishu{suffix}",
                f"大柏树商圈{suffix}",
                fields={"service_centre": "大柏树商圈党建中心", **p.coords()},
                orgs=[p.org("committee", f"大柏树商圈党建中心{suffix}", 10, 60)],
                liaison=p.person(),
            )
        )
        for i, short in enumerate(QUYANG_NEIGHBOURHOODS, start=1):
            parent = circle if i <= 2 else street
            community = p.community(parent, (copy - 1) * 8 + i, f"{short}居民区{suffix}")
            community.orgs.append(p.org("general_branch", f"{community.name}党总支", 30, 120))
            grid = p.grid(community, "g1", f"{ordinal(1)}网格", "居民区党总支委员")
            for _ in range(2):
                compound_index += 1
                compound = p.compound(grid, compound_index)
                p.buildings(compound, p.names.between(2, 4))
                if p.names.chance(0.7):
                    compound.orgs.append(p.org("branch", f"{compound.name}党支部", 3, 20))
    return street


PLANS: dict[str, Callable[[int, int], Item]] = {
    "zhangwan": plan_zhangwan,
    "daixi": plan_daixi,
    "sancha": plan_sancha,
    "jinshanqiao": plan_jinshanqiao,
    "quyang": plan_quyang,
}


def street_number(code: str) -> int:
    """A demo street's number, 1 to 5, the same on every load (its demo phone numbers are made
    from it: a tree id would change once the street goes under the demo district)."""
    return list(PLANS).index(code) + 1 if code in PLANS else 9
