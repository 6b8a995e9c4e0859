"""Deterministic, realistic Chinese names for the demo streets."""

from __future__ import annotations

import random

from organizations.models import UnitKind

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海燕俊峰雪梅"
    "晓东文斌春林波宁浩凯琳晨欣婷佳怡子涵宇轩博雅思源嘉睿"
)
COMPOUND_WORDS = [
    "锦绣",
    "翠苑",
    "阳光",
    "金桥",
    "和园",
    "华府",
    "丽景",
    "馨苑",
    "书香",
    "滨江",
    "春晓",
    "紫荆",
    "枫林",
    "桂园",
    "幸福",
    "长虹",
    "东方",
    "新城",
    "怡景",
    "康乐",
    "盛世",
    "绿洲",
    "御景",
    "秀水",
    "青年",
    "南湖",
    "北辰",
    "嘉禾",
    "瑞祥",
    "宏图",
    "恒大",
    "世纪",
    "兴业",
    "汇丰",
    "鼎盛",
    "安居",
]
COMPOUND_SUFFIXES = ["小区", "花园", "家园", "新村", "公寓", "雅苑", "名都", "佳苑"]
COMMUNITY_WORDS = [
    "桂花",
    "金湾",
    "石桥",
    "清河",
    "翠竹",
    "丰收",
    "永安",
    "安康",
    "松鹤",
    "新风",
    "富民",
    "荷花",
    "汉江",
    "卧龙",
    "车城",
    "春园",
    "兴华",
    "长虹",
    "新华",
    "东风",
    "和平",
    "前进",
    "光明",
    "建设",
    "文化",
    "团结",
    "胜利",
    "友谊",
    "红旗",
    "朝阳",
    "向阳",
    "解放",
    "人民",
    "民主",
    "工农",
    "振兴",
]
UNIT_PLACES = [
    "张湾",
    "襄阳",
    "汉江",
    "东风",
    "卧龙",
    "车城",
    "新华",
    "长虹",
    "襄州",
    "高新",
    "鑫源",
    "恒通",
    "华信",
    "宏达",
    "金泰",
    "博远",
    "诚信",
    "康健",
    "润泽",
    "天成",
]
# The kinds of unit a name ends with, and the kind each is; `unit_kind_of` reads a unit's kind
# off its name, so a police station is a government agency and a school a public institution.
UNIT_KINDS = [
    ("第一小学", UnitKind.INSTITUTION),
    ("第二中学", UnitKind.INSTITUTION),
    ("实验幼儿园", UnitKind.INSTITUTION),
    ("卫生院", UnitKind.INSTITUTION),
    ("中心医院", UnitKind.INSTITUTION),
    ("供电所", UnitKind.STATE_ENTERPRISE),
    ("派出所", UnitKind.GOVERNMENT),
    ("税务分局", UnitKind.GOVERNMENT),
    ("工商银行支行", UnitKind.BANK),
    ("建设银行支行", UnitKind.BANK),
    ("农商银行支行", UnitKind.BANK),
    ("邮政支局", UnitKind.STATE_ENTERPRISE),
    ("燃气公司", UnitKind.STATE_ENTERPRISE),
    ("供水公司", UnitKind.STATE_ENTERPRISE),
    ("物流公司", UnitKind.PRIVATE_ENTERPRISE),
    ("汽车零部件公司", UnitKind.PRIVATE_ENTERPRISE),
    ("建筑工地项目部", UnitKind.CONSTRUCTION_SITE),
    ("社会组织服务中心", UnitKind.SOCIAL_ORGANIZATION),
    ("外卖骑手党支部", UnitKind.NEW_BUSINESS_FORM),
    ("快递网点", UnitKind.NEW_BUSINESS_FORM),
    ("商贸城", UnitKind.PRIVATE_ENTERPRISE),
    ("酒店", UnitKind.PRIVATE_ENTERPRISE),
    ("律师事务所", UnitKind.TWO_NEW),
    ("会计师事务所", UnitKind.TWO_NEW),
    ("图书馆", UnitKind.INSTITUTION),
    ("文化站", UnitKind.INSTITUTION),
    ("农贸市场", UnitKind.PRIVATE_ENTERPRISE),
]
# Words that tell the kind of a name not made from UNIT_KINDS (the named units, the building
# sites), tried in this order.
KIND_WORDS = [
    ("项目部", UnitKind.CONSTRUCTION_SITE),
    ("银行", UnitKind.BANK),
    ("支行", UnitKind.BANK),
    ("派出所", UnitKind.GOVERNMENT),
    ("局", UnitKind.GOVERNMENT),
    ("委员会", UnitKind.GOVERNMENT),
    ("学校", UnitKind.INSTITUTION),
    ("小学", UnitKind.INSTITUTION),
    ("中学", UnitKind.INSTITUTION),
    ("医院", UnitKind.INSTITUTION),
    ("中心", UnitKind.INSTITUTION),
    ("集团", UnitKind.STATE_ENTERPRISE),
    ("有限公司", UnitKind.PRIVATE_ENTERPRISE),
]
# Builders and projects of the building sites that keep a labour-relations station (Sancha).
BUILDERS = ["中建三局", "中铁二十三局", "四川华西集团", "成都建工", "中国五冶", "四川路桥"]
PROJECTS = [
    "三岔湖安置房",
    "蓝绸带滨湖路",
    "八角新居",
    "东部新区学校",
    "三岔污水管网",
    "未来城综合体",
    "简州大道",
    "湖畔人才公寓",
]


def unit_kind_of(name: str) -> UnitKind:
    """The kind of unit `name` says it is; a name that tells nothing is a private enterprise."""
    for suffix, kind in UNIT_KINDS:
        if name.endswith(suffix):
            return kind
    for word, kind in KIND_WORDS:
        if word in name:
            return kind
    return UnitKind.PRIVATE_ENTERPRISE


class NameMaker:
    """Make names from a seeded random generator; the same seed gives the same street."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(seed)
        self._used: set[str] = set()

    def reserve(self, taken) -> None:
        """Never hand out these names (they are in use already)."""
        self._used.update(taken)

    def person(self) -> str:
        surname = self.rng.choice(SURNAMES)
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
        return surname + given

    def phone(self) -> str:
        return (
            "1" + self.rng.choice("3589") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )

    def unique(self, make) -> str:
        """Return a name from `make()` not returned before, numbering it only as a last resort."""
        for _ in range(30):
            name = make()
            if name not in self._used:
                self._used.add(name)
                return name
        candidate, n = name, 2
        while candidate in self._used:
            candidate, n = f"{name}{n}", n + 1
        self._used.add(candidate)
        return candidate

    def compound(self) -> str:
        return self.unique(
            lambda: self.rng.choice(COMPOUND_WORDS) + self.rng.choice(COMPOUND_SUFFIXES)
        )

    def community(self) -> str:
        return self.unique(lambda: self.rng.choice(COMMUNITY_WORDS) + "社区")

    def unit(self, kinds: list[UnitKind] | None = None) -> str:
        """A unit's name; with `kinds`, one of a unit of those kinds."""
        suffixes = [suffix for suffix, kind in UNIT_KINDS if kinds is None or kind in kinds]
        return self.unique(lambda: self.rng.choice(UNIT_PLACES) + self.rng.choice(suffixes))

    def building_site(self) -> str:
        """A building site's project department (项目部)."""
        return self.unique(lambda: self.rng.choice(BUILDERS) + self.rng.choice(PROJECTS) + "项目部")

    def address(self) -> str:
        return f"{self.rng.choice(ROADS)}{self.rng.randint(1, 399)}号"

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


ROADS = [
    "人民路",
    "建设路",
    "解放路",
    "中山路",
    "和平路",
    "长江路",
    "黄河路",
    "新华路",
    "文化路",
    "光明街",
    "春风路",
    "胜利街",
    "友谊路",
    "花园路",
    "滨河路",
    "青年路",
    "育才路",
    "工业路",
]

CHINESE_NUMERALS = "零一二三四五六七八九十"


def ordinal(n: int) -> str:
    """Return 第n in Chinese numerals, as grids are named (第十二网格)."""
    if n <= 10:
        text = CHINESE_NUMERALS[n]
    elif n < 20:
        text = "十" + (CHINESE_NUMERALS[n % 10] if n % 10 else "")
    elif n < 100:
        text = CHINESE_NUMERALS[n // 10] + "十" + (CHINESE_NUMERALS[n % 10] if n % 10 else "")
    else:
        text = str(n)
    return "第" + text


def spread(total: int, buckets: int) -> list[int]:
    """Return `buckets` counts that add up to `total`, as even as they can be."""
    base, extra = divmod(total, buckets)
    return [base + (1 if i < extra else 0) for i in range(buckets)]
