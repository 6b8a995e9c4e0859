"""Deterministic, realistic Chinese names for the demo streets."""

from __future__ import annotations

import random

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
UNIT_KINDS = [
    "第一小学",
    "第二中学",
    "实验幼儿园",
    "卫生院",
    "中心医院",
    "供电所",
    "派出所",
    "税务分局",
    "工商银行支行",
    "建设银行支行",
    "农商银行支行",
    "邮政支局",
    "燃气公司",
    "供水公司",
    "物流公司",
    "汽车零部件公司",
    "建筑工地项目部",
    "社会组织服务中心",
    "外卖骑手党支部",
    "快递网点",
    "商贸城",
    "酒店",
    "律师事务所",
    "会计师事务所",
    "图书馆",
    "文化站",
    "农贸市场",
]


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

    def unit(self) -> str:
        return self.unique(lambda: self.rng.choice(UNIT_PLACES) + self.rng.choice(UNIT_KINDS))

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
