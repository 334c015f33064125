"""The demo township and the words its enterprise names are made of.

Plain data: edit freely. ``anzhi.demo.generate`` composes enterprise names as
place + brand + trade word + form ("安溪县" + "鑫源" + "茶业" + "有限公司"), picks the trade's
industry (GB/T 4754-2017 division), key sectors, flags, licences and supervising agencies
from ``TRADES``, and people's names from ``SURNAMES`` and the given-name characters.

Name templates use ``{county}``, ``{town}``, ``{town_short}``, ``{village}``,
``{village_short}``, ``{brand}`` and ``{word}``.
"""

from dataclasses import dataclass, field

COUNTY_CODE = "350524"  # 安溪县, 泉州市, 福建省 (GB/T 2260)
COUNTY = "安溪县"
TOWN = "湖上乡"
TOWN_SHORT = "湖上"
TOWN_CODE = "350524113"
TOWN_LAT, TOWN_LON = 25.2000, 117.9000

# (last three digits of the 12-digit code, name, urban-rural code, latitude, longitude).
# 001–199 are 居民委员会 (社区), 200–399 村民委员会, as in the statistical code rules.
VILLAGES = [
    ("001", "湖上社区", "210", 25.2005, 117.8992),
    ("201", "湖上村", "220", 25.2061, 117.9043),
    ("202", "盛富村", "220", 25.2178, 117.8861),
    ("203", "飞新村", "220", 25.1893, 117.9154),
    ("204", "珠塔村", "220", 25.2262, 117.9127),
    ("205", "高富村", "220", 25.1768, 117.8917),
    ("206", "三洋村", "220", 25.2356, 117.8788),
    ("207", "美土村", "220", 25.1957, 117.8702),
    ("208", "吴山村", "220", 25.1702, 117.9236),
    ("209", "湖西村", "220", 25.2091, 117.8756),
    ("210", "竹林村", "220", 25.2433, 117.9012),
    ("211", "后坂村", "220", 25.1836, 117.9318),
]
# Hamlets (自然角落) and streets used in addresses.
HAMLETS = ["顶厝", "下厝", "后垵", "溪边", "岭头", "坑口", "大路", "新厝", "尾厝", "田中央",
           "山后", "土楼", "祖厝", "洋中", "内洋", "路口", "桥头", "茶园"]
STREETS = ["湖上街", "新街", "圩街", "府前路", "湖心路", "茶都路"]

# Agencies: key, name, short name, kind (accounts.Agency.Kind value), level, enforcement
# power, parent key.
AGENCIES = [
    ("county_office", "安溪县安委办", "安溪县安委办", "committee_office", "county", False, None),
    ("county_emergency", "安溪县应急管理局", "安溪县应急局", "emergency", "county", True,
     "county_office"),
    ("county_housing", "安溪县住房和城乡建设局", "安溪县住建局", "housing", "county", True,
     "county_office"),
    ("county_transport", "安溪县交通运输局", "安溪县交通局", "transport", "county", True,
     "county_office"),
    ("county_market", "安溪县市场监督管理局", "安溪县市场监管局", "market", "county", True,
     "county_office"),
    ("county_education", "安溪县教育局", "安溪县教育局", "education", "county", True,
     "county_office"),
    ("county_health", "安溪县卫生健康局", "安溪县卫健局", "other", "county", True,
     "county_office"),
    ("county_fire", "安溪县消防救援大队", "安溪县消防大队", "fire", "county", True,
     "county_office"),
    ("town_office", "湖上乡安委办", "湖上乡安委办", "committee_office", "township", False,
     "county_office"),
    ("town_emergency", "湖上乡应急管理办公室", "湖上乡应急办", "emergency", "township", True,
     "town_office"),
    ("town_enforcement", "湖上乡综合行政执法队", "湖上乡执法队", "comprehensive", "township", True,
     "town_office"),
    ("town_police", "湖上派出所", "湖上派出所", "police", "township", True, "town_office"),
    ("town_construction", "湖上乡村镇建设服务中心", "湖上乡村建中心", "housing", "township", False,
     "town_office"),
    ("town_market", "安溪县市场监督管理局湖上市场监督管理所", "湖上市场监管所", "market",
     "township", True, "county_market"),
    ("town_agriculture", "湖上乡农业农村服务中心", "湖上乡农服中心", "agriculture", "township",
     False, "town_office"),
    ("town_social", "湖上乡社会事务服务中心", "湖上乡社会事务中心", "other", "township", False,
     "town_office"),
    ("town_culture", "湖上乡文化服务中心", "湖上乡文化中心", "culture_tourism", "township", False,
     "town_office"),
]

SURNAMES = [  # (surname, weight): the common surnames of southern Fujian
    ("陈", 14), ("林", 12), ("王", 9), ("黄", 8), ("李", 7), ("苏", 6), ("谢", 6), ("刘", 5),
    ("詹", 5), ("廖", 5), ("吴", 5), ("张", 5), ("高", 4), ("许", 4), ("杨", 4), ("叶", 4),
    ("郑", 3), ("蔡", 3), ("洪", 3), ("白", 2), ("魏", 2), ("肖", 2), ("周", 2), ("翁", 1),
    ("彭", 1), ("姚", 1), ("傅", 1), ("易", 1), ("钟", 1), ("潘", 1),
]
MALE_CHARS = ("建国志明伟华文荣清水金木福火炳德春海辉东强勇军鹏峰斌杰俊龙坤宗煌泉源发顺新添进财"
              "良忠诚聪耀祥")
FEMALE_CHARS = "美丽秀芳玉琴娟梅红燕英珍雪婷慧霞萍惠碧月凤莲彩丹素妹娥桂香兰淑"

# Two-character brand words (字号). None is a well-known real brand.
BRANDS = """
鑫源 宏达 兴发 华隆 金盛 永兴 德鑫 恒丰 福源 祥和 瑞丰 顺达 嘉禾 铭鑫 隆兴 荣鑫 协兴 裕丰 金泰
溪源 峰顺 凤鸣 兰香 岩韵 铁韵 云岭 高山 清香 茗香 茗峰 闽顺 宏盛 金源 万福 正兴 安盛 鸿泰
佳美 永盛 联兴 润丰 天成 新隆 长兴 聚源 和盛 益丰 春和 东升 富源 源兴 明辉 志诚 信达 旺佳
家和 宝山 龙腾 盛富 飞龙 湖光 溪畔 翠峰 云雾 山水 绿源 春晖 秋香 冬韵 芳茗 凤凰 仙岩 乌龙
玉峰 碧水 金叶 翠叶 金谷 丰泽 建兴 鸿运 宏图 恒信 诚信 鼎盛 鑫达 华鑫 腾达 振兴 发达 利民
惠民 兴旺 吉祥 如意 福兴 福顺 福隆 祥瑞 安泰 泰和 顺丰 顺兴 德丰 德兴 鑫隆 鑫泰 金冠 银河
星辉 宏利 永丰 永利 荣兴 荣盛 昌隆 昌盛 广源 源丰 茂源 茂盛 盛达 盛隆 天和 天盛 汇源 汇金
金山 青山 南山 北岭 西坪 东溪 溪口 龙门 凤山 龙湖 清泉 石泉 竹韵 松风 梅岭 兰溪 桂香 荷塘
""".split()  # noqa: SIM905 — a readable block of words

# Licence kinds: key → (kind, number template, issuing authority, years valid (None: no
# expiry)). Templates get ``{n}`` (a serial) and ``{year}`` (the issue year).
LICENCES = {
    "hazchem_trade": ("危险化学品经营许可证", "闽泉危化经字〔{year}〕{n:05d}号",
                      "泉州市应急管理局", 3),
    "oil_retail": ("成品油零售经营批准证书", "闽油零售证书第{n:06d}号", "福建省商务厅", 5),
    "fireworks_retail": ("烟花爆竹经营（零售）许可证", "（闽）YH经许证字〔{year}〕{n:06d}号",
                         "安溪县应急管理局", 2),
    "food_tea": ("食品生产许可证", "SC114350524{n:05d}", "安溪县市场监督管理局", 5),
    "food_drink": ("食品生产许可证", "SC106350524{n:05d}", "安溪县市场监督管理局", 5),
    "food_grain": ("食品生产许可证", "SC101350524{n:05d}", "安溪县市场监督管理局", 5),
    "food_sale": ("食品经营许可证", "JY1350524{n:07d}", "安溪县市场监督管理局", 5),
    "food_catering": ("食品经营许可证", "JY2350524{n:07d}", "安溪县市场监督管理局", 5),
    "food_canteen": ("食品经营许可证", "JY3350524{n:07d}", "安溪县市场监督管理局", 5),
    "construction_safety": ("建筑施工企业安全生产许可证", "（闽）JZ安许证字〔{year}〕{n:06d}",
                            "福建省住房和城乡建设厅", 3),
    "construction_grade": ("建筑业企业资质证书", "D335{n:06d}", "泉州市住房和城乡建设局", 5),
    "gas": ("燃气经营许可证", "闽{year}0524{n:04d}L", "安溪县住房和城乡建设局", 3),
    "mining_safety": ("安全生产许可证（非煤矿山）", "（闽）FM安许证字〔{year}〕Q{n:04d}",
                      "泉州市应急管理局", 3),
    "mining_right": ("采矿许可证", "C350524{year}{n:07d}", "安溪县自然资源局", 5),
    "hotel_police": ("特种行业许可证", "安公特住字第{n:04d}号", "安溪县公安局", None),
    "hygiene": ("公共场所卫生许可证", "闽卫公证字〔{year}〕第350524{n:04d}号",
                "安溪县卫生健康局", 4),
    "school": ("民办学校办学许可证", "教民1350524700{n:04d}号", "安溪县教育局", 5),
    "medical": ("医疗机构执业许可证", "PDY{n:05d}-350524", "安溪县卫生健康局", 5),
    "road_transport": ("道路运输经营许可证", "闽交运管许可泉字350524{n:06d}号",
                       "安溪县交通运输局", 4),
    "internet_cafe": ("网络文化经营许可证", "闽网文〔{year}〕{n:04d}号", "安溪县文体旅游局", 3),
}


@dataclass(frozen=True)
class Variant:
    """One way of naming a trade: a template, the trade words it takes, the USCC
    registering-authority + entity-type code (91 company, 92 个体工商户, 93 农民专业合作社,
    52 民办非企业单位) and a weight."""

    template: str
    words: tuple[str, ...]
    entity: str = "91"
    weight: int = 1


@dataclass(frozen=True)
class Trade:
    key: str
    weight: int
    variants: tuple[Variant, ...]
    industry: str  # GB/T 4754-2017 division (大类)
    sectors: tuple[str, ...]
    lead: str  # agency key
    assisting: tuple[str, ...] = ()
    flags: dict[str, float] = field(default_factory=dict)  # flag → probability
    extra_sectors: dict[str, float] = field(default_factory=dict)  # sector → probability
    licences: dict[str, float] = field(default_factory=dict)  # licence key → probability
    employees: tuple[int, int] = (2, 20)
    risk: tuple[int, int, int, int] = (1, 10, 50, 39)  # weights of grades A, B, C, D
    above_scale: float = 0.0
    major_hazard: float = 0.0  # probability of a (level 3 or 4) major hazard source


CO = "{county}{brand}{word}有限公司"
CO_TOWN = "安溪{town_short}{brand}{word}有限公司"
SHOP = "{county}{town}{brand}{word}"
VILLAGE_SHOP = "{town}{village}{brand}{word}"

TRADES = [
    Trade("tea_factory", 230, (
        Variant(CO, ("茶业", "茶叶", "生态茶业", "茶叶发展", "茶叶贸易"), "91", 40),
        Variant(CO_TOWN, ("茶业", "茶叶"), "91", 8),
        Variant(SHOP, ("茶厂", "茶叶加工厂", "茶叶初制厂", "制茶厂"), "92", 32),
        Variant(VILLAGE_SHOP, ("茶厂", "茶叶初制所", "茶叶加工厂"), "92", 20),
    ), "15", ("industry_trade", "light_industry"), "town_emergency", ("town_market",),
        flags={"labour_intensive": 0.15}, licences={"food_tea": 0.8}, employees=(3, 45),
        risk=(1, 10, 50, 39), above_scale=0.04),
    Trade("tea_coop", 70, (
        Variant("{county}{brand}{word}专业合作社", ("茶叶", "茶业", "生态茶", "茶叶种植"), "93", 3),
        Variant("{county}{town}{village}{brand}{word}专业合作社", ("茶叶", "茶果"), "93", 1),
    ), "01", ("agricultural_machinery",), "town_agriculture", ("town_emergency",),
        licences={"food_tea": 0.3}, employees=(5, 30), risk=(0, 4, 46, 50)),
    Trade("stone", 55, (
        Variant(CO, ("石业", "石材", "石材工艺"), "91", 5),
        Variant(SHOP, ("石材加工厂", "石材厂", "石料加工厂"), "92", 4),
    ), "30", ("industry_trade", "building_materials"), "town_emergency", ("town_enforcement",),
        flags={"confined_space": 0.3}, extra_sectors={"special_equipment": 0.4},
        employees=(5, 60), risk=(2, 22, 50, 26), above_scale=0.03),
    Trade("vine_iron", 70, (
        Variant(CO, ("藤铁工艺", "工艺品", "家居工艺", "藤铁家居"), "91", 6),
        Variant(SHOP, ("工艺品厂", "藤铁工艺厂"), "92", 4),
    ), "24", ("industry_trade", "light_industry"), "town_emergency", ("town_enforcement",),
        flags={"labour_intensive": 0.6, "hazchem_use": 0.5, "dust_explosion": 0.08},
        employees=(10, 220), risk=(1, 15, 55, 29), above_scale=0.1),
    Trade("bamboo_wood", 45, (
        Variant(CO, ("竹木制品", "竹制品", "木制品", "竹藤工艺品"), "91", 5),
        Variant(SHOP, ("竹木制品厂", "竹制品厂", "木材加工厂"), "92", 5),
    ), "20", ("industry_trade", "light_industry"), "town_emergency", ("town_enforcement",),
        flags={"dust_explosion": 1.0, "hazchem_use": 0.3, "labour_intensive": 0.3},
        employees=(5, 80), risk=(2, 20, 55, 23)),
    Trade("furniture", 28, (
        Variant(CO, ("家具", "家居", "木业"), "91", 5),
        Variant(SHOP, ("家具厂", "木器厂"), "92", 4),
    ), "21", ("industry_trade", "light_industry"), "town_emergency", ("town_enforcement",),
        flags={"dust_explosion": 1.0, "hazchem_use": 0.7, "labour_intensive": 0.3},
        employees=(5, 100), risk=(2, 25, 50, 23), above_scale=0.05),
    Trade("printing", 12, (
        Variant(CO, ("彩印", "包装彩印", "茶叶包装", "印刷"), "91", 3),
        Variant(SHOP, ("彩印厂", "印刷厂", "包装厂"), "92", 2),
    ), "23", ("industry_trade", "light_industry"), "town_emergency", ("town_enforcement",),
        flags={"hazchem_use": 0.8, "confined_space": 0.1}, employees=(5, 60),
        risk=(1, 15, 55, 29)),
    Trade("tea_machinery", 14, (
        Variant(CO, ("茶叶机械", "农业机械", "机械设备"), "91", 3),
        Variant(SHOP, ("茶机厂", "农机修造厂"), "92", 2),
    ), "35", ("industry_trade", "machinery"), "town_emergency", ("town_enforcement",),
        flags={"hazchem_use": 0.3}, extra_sectors={"special_equipment": 0.3},
        employees=(5, 60), risk=(1, 15, 60, 24)),
    Trade("foundry", 4, (
        Variant(CO, ("铸造", "五金铸造", "机械铸件"), "91", 1),
    ), "33", ("industry_trade", "metallurgy"), "town_emergency", ("county_emergency",),
        flags={"hazchem_use": 0.5}, extra_sectors={"special_equipment": 0.6},
        employees=(10, 80), risk=(10, 50, 35, 5)),
    Trade("aluminium_windows", 10, (
        Variant(SHOP, ("铝合金门窗加工厂", "不锈钢加工厂"), "92", 3),
        Variant(CO, ("门窗", "金属制品"), "91", 1),
    ), "33", ("industry_trade", "machinery"), "town_emergency", ("town_enforcement",),
        employees=(2, 15), risk=(0, 8, 52, 40)),
    Trade("plastic", 10, (
        Variant(CO, ("塑料制品", "塑胶制品", "塑业"), "91", 3),
        Variant(SHOP, ("塑料制品厂", "编织袋厂"), "92", 1),
    ), "29", ("industry_trade", "light_industry"), "town_emergency", ("town_enforcement",),
        flags={"hazchem_use": 0.3}, employees=(5, 60), risk=(1, 15, 55, 29)),
    Trade("garment", 10, (
        Variant(CO, ("服饰", "服装", "鞋服"), "91", 2),
        Variant(SHOP, ("制衣厂", "服装加工厂"), "92", 1),
    ), "18", ("industry_trade", "textile"), "town_emergency", ("town_enforcement",),
        flags={"labour_intensive": 0.8}, employees=(10, 150), risk=(0, 10, 55, 35),
        above_scale=0.05),
    Trade("mineral_water", 5, (
        Variant(CO, ("矿泉水", "山泉水", "饮品"), "91", 2),
        Variant(SHOP, ("饮用水厂", "山泉水厂"), "92", 1),
    ), "15", ("industry_trade", "light_industry"), "town_emergency", ("town_market",),
        flags={"confined_space": 0.3}, licences={"food_drink": 1.0}, employees=(8, 50),
        risk=(0, 10, 60, 30)),
    Trade("rice_mill", 8, (
        Variant(SHOP, ("米厂", "碾米厂", "粮食加工厂"), "92", 2),
        Variant(VILLAGE_SHOP, ("碾米厂",), "92", 1),
    ), "13", ("industry_trade", "light_industry"), "town_emergency", ("town_market",),
        flags={"dust_explosion": 0.6}, licences={"food_grain": 0.7}, employees=(2, 12),
        risk=(0, 12, 58, 30)),
    Trade("feed_mill", 4, (
        Variant(CO, ("饲料", "农牧"), "91", 1),
    ), "13", ("industry_trade", "light_industry"), "town_emergency", ("town_agriculture",),
        flags={"dust_explosion": 0.8}, employees=(10, 40), risk=(2, 30, 50, 18)),
    Trade("brick", 8, (
        Variant(SHOP, ("砖厂", "页岩砖厂", "水泥制品厂"), "92", 2),
        Variant(CO, ("新型建材", "建材"), "91", 1),
    ), "30", ("industry_trade", "building_materials"), "town_emergency", ("town_enforcement",),
        flags={"confined_space": 0.5, "labour_intensive": 0.3}, employees=(10, 50),
        risk=(3, 30, 50, 17)),
    Trade("quarry", 4, (
        Variant(CO, ("矿业", "石料"), "91", 1),
    ), "10", ("non_coal_mine",), "county_emergency", ("town_emergency", "town_enforcement"),
        extra_sectors={"civil_explosives": 0.5},
        licences={"mining_safety": 1.0, "mining_right": 1.0}, employees=(15, 60),
        risk=(30, 50, 20, 0)),
    Trade("filling_station", 10, (
        Variant(CO, ("石油", "能源", "加油站"), "91", 3),
        Variant(SHOP, ("加油站",), "92", 1),
        Variant("中国石化销售股份有限公司福建泉州安溪{village_short}加油站", ("",), "91", 1),
    ), "52", ("hazchem",), "town_emergency", ("county_emergency", "town_market"),
        flags={"hazchem_trade": 1.0, "hazchem_storage": 1.0},
        licences={"hazchem_trade": 1.0, "oil_retail": 1.0}, employees=(6, 15),
        risk=(3, 42, 50, 5)),
    Trade("lpg", 6, (
        Variant(SHOP, ("液化气供应站", "瓶装液化气供应站"), "92", 2),
        Variant(CO, ("燃气", "液化气"), "91", 1),
    ), "45", ("gas", "hazchem"), "town_construction", ("town_emergency", "county_fire"),
        flags={"hazchem_trade": 1.0, "hazchem_storage": 1.0},
        licences={"gas": 1.0}, employees=(3, 8), risk=(5, 50, 40, 5), major_hazard=0.15),
    Trade("fireworks_retail", 24, (
        Variant(VILLAGE_SHOP, ("烟花爆竹零售点",), "92", 3),
        Variant(SHOP, ("烟花爆竹零售点", "商店"), "92", 1),
    ), "52", ("fireworks",), "town_emergency", ("town_police",),
        licences={"fireworks_retail": 1.0}, employees=(1, 3), risk=(1, 30, 55, 14)),
    Trade("cold_store", 8, (
        Variant(CO, ("冷链物流", "茶叶冷藏", "冻品"), "91", 2),
        Variant(SHOP, ("冷冻厂", "冷库"), "92", 1),
    ), "59", ("commerce",), "town_emergency", ("town_market",),
        flags={"ammonia_refrigeration": 0.6, "confined_space": 0.3}, employees=(3, 30),
        risk=(5, 40, 45, 10), major_hazard=0.1),
    Trade("construction", 45, (
        Variant(CO, ("建筑工程", "建设工程", "建筑劳务", "土石方工程", "市政工程"), "91", 6),
        Variant(CO, ("装饰工程", "建筑装饰"), "91", 1),
    ), "47", ("construction",), "town_construction", ("county_housing",),
        flags={"labour_intensive": 0.5}, extra_sectors={"special_equipment": 0.5},
        licences={"construction_safety": 1.0, "construction_grade": 1.0},
        employees=(20, 300), risk=(3, 25, 50, 22), above_scale=0.15),
    Trade("haulage", 20, (
        Variant(CO, ("物流", "货运", "运输", "汽车运输"), "91", 1),
    ), "54", ("transport",), "county_transport", ("town_police",),
        flags={"passenger_hazmat_transport": 0.1}, licences={"road_transport": 1.0},
        employees=(3, 40), risk=(1, 25, 55, 19)),
    Trade("coach", 3, (
        Variant(CO, ("旅游客运", "客运"), "91", 1),
    ), "54", ("transport",), "county_transport", ("town_police",),
        flags={"passenger_hazmat_transport": 1.0}, licences={"road_transport": 1.0},
        employees=(10, 60), risk=(5, 50, 40, 5)),
    Trade("car_repair", 32, (
        Variant(SHOP, ("汽车修理厂", "汽车维修厂", "摩托车修理店"), "92", 3),
        Variant(VILLAGE_SHOP, ("汽车修理部", "农用车修理店"), "92", 1),
        Variant(CO, ("汽车维修服务", "汽车服务"), "91", 1),
    ), "81", ("machinery",), "county_transport", ("town_emergency",),
        flags={"hazchem_use": 0.6, "confined_space": 0.2}, employees=(2, 15),
        risk=(0, 10, 55, 35)),
    Trade("supermarket", 115, (
        Variant(SHOP, ("超市", "商店", "百货商店"), "92", 5),
        Variant(VILLAGE_SHOP, ("便利店", "小卖部", "超市"), "92", 5),
        Variant(CO, ("购物广场", "商贸"), "91", 1),
    ), "52", ("commerce", "fire"), "town_market", ("town_enforcement",),
        flags={"crowded_place": 0.3}, licences={"food_sale": 1.0}, employees=(1, 30),
        risk=(0, 3, 37, 60)),
    Trade("tea_shop", 40, (
        Variant(SHOP, ("茶行", "茶叶店", "茶庄"), "92", 1),
    ), "52", ("commerce",), "town_market", (), licences={"food_sale": 0.8},
        employees=(1, 5), risk=(0, 1, 29, 70)),
    Trade("building_supplies", 22, (
        Variant(SHOP, ("建材商行", "五金建材店", "水暖建材店"), "92", 2),
        Variant(VILLAGE_SHOP, ("建材店", "五金店"), "92", 1),
    ), "52", ("commerce",), "town_market", ("town_enforcement",), employees=(1, 8),
        risk=(0, 3, 40, 57)),
    Trade("restaurant", 60, (
        Variant(SHOP, ("饭店", "餐馆", "小吃店", "大排档"), "92", 3),
        Variant(VILLAGE_SHOP, ("小吃店", "饭店"), "92", 1),
    ), "62", ("fire",), "town_market", ("town_enforcement",),
        flags={"hazchem_use": 0.5, "crowded_place": 0.2}, licences={"food_catering": 1.0},
        employees=(1, 10), risk=(0, 2, 30, 68)),
    Trade("farmstay", 55, (
        Variant(SHOP, ("农家乐", "农庄", "山庄"), "92", 3),
        Variant(VILLAGE_SHOP, ("农家乐", "山庄"), "92", 2),
        Variant(CO, ("生态农庄", "休闲农业"), "91", 1),
    ), "62", ("culture_tourism", "fire"), "town_culture", ("town_market", "town_enforcement"),
        flags={"crowded_place": 0.8, "hazchem_use": 0.3},
        extra_sectors={"self_built_housing": 0.5}, licences={"food_catering": 0.9},
        employees=(3, 20), risk=(0, 8, 50, 42)),
    Trade("homestay", 25, (
        Variant(SHOP, ("民宿", "茶园民宿", "客栈"), "92", 1),
    ), "61", ("culture_tourism", "self_built_housing", "fire"), "town_culture", ("town_police",),
        flags={"crowded_place": 0.5}, licences={"hotel_police": 0.7, "hygiene": 0.6},
        employees=(2, 10), risk=(0, 10, 55, 35)),
    Trade("hotel", 12, (
        Variant(SHOP, ("宾馆", "旅馆", "旅社"), "92", 3),
        Variant(CO, ("大酒店", "酒店管理"), "91", 1),
    ), "61", ("fire", "culture_tourism"), "town_police", ("town_market", "county_fire"),
        flags={"crowded_place": 1.0}, extra_sectors={"special_equipment": 0.3},
        licences={"hotel_police": 1.0, "hygiene": 1.0}, employees=(3, 30),
        risk=(1, 20, 55, 24)),
    Trade("internet_cafe", 5, (
        Variant(SHOP, ("网吧", "网络会所"), "92", 1),
    ), "90", ("culture_tourism", "fire"), "town_culture", ("town_police", "county_fire"),
        flags={"crowded_place": 1.0}, licences={"internet_cafe": 1.0}, employees=(2, 6),
        risk=(0, 15, 60, 25)),
    Trade("kindergarten", 10, (
        Variant(SHOP, ("幼儿园", "双语幼儿园"), "52", 1),
    ), "83", ("campus", "fire"), "county_education", ("town_police",),
        flags={"crowded_place": 1.0}, licences={"school": 1.0, "food_canteen": 0.9},
        employees=(8, 30), risk=(0, 15, 60, 25)),
    Trade("nursing_home", 3, (
        Variant(SHOP, ("颐养院", "养老院", "老年公寓"), "52", 1),
    ), "85", ("elderly_care", "fire"), "town_social", ("county_fire",),
        flags={"crowded_place": 1.0}, licences={"food_canteen": 0.7}, employees=(5, 25),
        risk=(0, 20, 60, 20)),
    Trade("clinic", 14, (
        Variant(SHOP, ("诊所", "中医诊所", "口腔诊所"), "92", 1),
    ), "84", ("healthcare", "fire"), "county_health", ("town_social",),
        flags={"crowded_place": 0.3}, licences={"medical": 1.0}, employees=(1, 6),
        risk=(0, 5, 55, 40)),
    Trade("courier", 6, (
        Variant(SHOP, ("快递服务站", "快递驿站"), "92", 1),
    ), "60", ("commerce", "fire"), "town_market", (), employees=(1, 6), risk=(0, 3, 47, 50)),
]

# The enterprise shown to ``enterprise1``: the first one generated is forced to this trade.
SHOWCASE_TRADE = "tea_factory"

# Birth-place codes of the people, with weights (mostly locals).
ID_REGIONS = [("350524", 80), ("350525", 4), ("350526", 3), ("350583", 4), ("350582", 2),
              ("350521", 2), ("350503", 2), ("350102", 1), ("360781", 1), ("522422", 1)]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                   "151", "152", "153", "155", "156", "157", "158", "159", "177", "180",
                   "181", "182", "183", "185", "186", "187", "188", "189", "199"]
