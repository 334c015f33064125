"""What the demo penalty cases say: eight cases of the township 应急办 over the last two
months, as its officers would have written them, each taken to one stage of the procedure.
``cases.py`` plays them through the services. Days are "this many days before today"."""

from __future__ import annotations

from dataclasses import dataclass

from anzhi.cases.choices import EvidenceKind as K

# How far each story goes (the stage the case shows today).
SIMPLE_CLOSED = "simple_closed"    # 简易程序: decided on the spot, paid, 结案
ARCHIVED = "archived"              # 普通程序 all the way: paid, 结案, 归档
EXECUTING = "executing"            # decided and served, the fine not yet paid
DECIDED = "decided"                # decision made, not yet served
NOTIFIED = "notified"              # 告知 sent, the hearing-request period running
INVESTIGATING = "investigating"    # filed four weeks ago: the decision limit is near
FILING = "filing"                  # received from the 综合行政执法队, awaiting 立案审批
TRANSFERRED = "transferred"        # 移送公安机关 (suspected 危险作业罪)


@dataclass(frozen=True)
class Story:
    stage: str
    sectors: tuple[str, ...]       # where it happens (the first unused enterprise of these)
    names: tuple[str, ...]         # preferred: a name with one of these words
    title: str                     # 案由: also the mark a second run looks for
    entry: str                     # the 罚则目录 entry charged
    facts: str                     # 违法事实 of the violation
    circumstances: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str, str, int], ...] = ()  # kind, title, content, days ago
    days: dict | None = None       # step → days before today
    amount: int | None = None      # the unit's fine where not the recommendation
    person: bool = False           # also charge the responsible person (一案双罚)
    crime_facts: dict | None = None
    officer: str = "officer1"      # who handles it (the second of the team is officer2)
    source: str = "inspection"
    source_label: str = "日常执法检查"


STORIES = [
    Story(
        SIMPLE_CLOSED, ("commerce",), ("超市", "百货"),
        "占用、堵塞安全出口案",
        "AQSCF-105-2",
        "营业区东侧安全出口内侧堆放饮料、粮油纸箱约2立方米，出口通道净宽不足0.6米",
        circumstances=("FIRST_VIOLATION", "PROMPTLY_CORRECTED"),
        evidence=((K.ONSITE, "现场检查笔录", "检查时营业区东侧安全出口被成箱货物堵塞，"
                   "店长当场组织清理，出口恢复畅通。", 40),
                  (K.PHOTO, "安全出口堵塞现场照片", "清理前拍摄", 40)),
        days={"created": 40, "decided": 40, "paid": 38, "closed": 38},
        amount=2000, officer="officer2", source_label="节前商场超市消防安全检查"),
    Story(
        ARCHIVED, ("light_industry", "industry_trade"), ("茶",),
        "未按规定对从业人员进行安全生产教育和培训案",
        "AQSCF-97-3",
        "新招录的6名季节性制茶工未经岗前安全生产教育和培训即上岗操作杀青机、揉捻机，"
        "企业无法提供培训记录和考核资料",
        circumstances=("FIRST_VIOLATION",),
        evidence=((K.INQUIRY, "询问笔录（企业主要负责人）", "问：新招录的制茶工是否经过岗前"
                   "安全培训？答：春茶季人手紧，人到了就直接上岗，还没来得及培训。", 57),
                  (K.DOCUMENT, "员工花名册及劳动合同复印件", "6名制茶工入职日期均为检查前10日内",
                   57),
                  (K.ONSITE, "现场检查笔录", "杀青车间、揉捻车间在岗作业人员6名，均不能说出"
                   "设备急停按钮位置。", 58)),
        days={"created": 59, "filed": 58, "reviewed": 50, "notified": 47, "waived": 46,
              "decided": 44, "served": 43, "published": 40, "paid": 33, "closed": 31,
              "archived": 29},
        source_label="春茶季制茶企业安全生产专项检查"),
    Story(
        EXECUTING, ("industry_trade", "building_materials", "machinery"), ("石", "建材"),
        "未如实记录事故隐患排查治理情况案",
        "AQSCF-97-5",
        "企业2个月内自查发现的砂浆搅拌区防护栏缺失等5项隐患未记入隐患排查治理台账，"
        "也未向从业人员通报",
        evidence=((K.DOCUMENT, "事故隐患排查治理台账复印件", "台账最后一条记录为三个月前", 31),
                  (K.INQUIRY, "询问笔录（安全管理人员）", "问：近两个月的自查隐患为何没有登记？"
                   "答：发现后口头交代班组整改，没有记台账。", 30)),
        days={"created": 33, "filed": 32, "reviewed": 26, "notified": 23, "waived": 22,
              "decided": 16, "served": 12, "published": 11}),
    Story(
        DECIDED, ("industry_trade", "light_industry", "fire"), ("厂", "制品"),
        "员工宿舍安全出口锁闭案",
        "AQSCF-105-2",
        "员工宿舍楼（三层，住宿32人）唯一的后楼梯安全出口被铁链上锁，钥匙由门卫保管",
        circumstances=("FIRST_VIOLATION",), person=True,
        evidence=((K.ONSITE, "现场检查笔录", "夜间检查时宿舍楼后楼梯出口铁门用铁链上锁，"
                   "门卫室无人值守。", 25),
                  (K.INQUIRY, "询问笔录（后勤主管）", "问：出口为何上锁？答：防止员工夜间外出，"
                   "是我安排锁的。", 24),
                  (K.PHOTO, "锁闭的安全出口照片", "夜间拍摄", 25)),
        days={"created": 25, "filed": 24, "reviewed": 14, "notified": 11, "waived": 10,
              "decided": 3},
        officer="officer2", source_label="四不两直夜查"),
    Story(
        NOTIFIED, ("dust_explosion",), ("木", "竹"),
        "未如实记录事故隐患排查治理情况案（一年内再次违法）",
        "AQSCF-97-5",
        "砂光车间布袋除尘器积尘、泄爆片锈蚀等隐患未记录、未通报；该企业去年10月因同一违法"
        "行为受过行政处罚",
        circumstances=("REPEAT_WITHIN_YEAR",),
        evidence=((K.SCENE, "勘验笔录（砂光车间）", "除尘器灰斗积尘约5厘米，泄爆片表面锈蚀。",
                   19),
                  (K.DOCUMENT, "上一年度行政处罚决定书复印件", "同一违法行为，罚款2万元", 18),
                  (K.INQUIRY, "询问笔录（企业主要负责人）", "问：隐患台账由谁负责？"
                   "答：安全员离职后没人管。", 18)),
        days={"created": 20, "filed": 19, "reviewed": 6, "notified": 2}),
    Story(
        INVESTIGATING, ("dust_explosion", "industry_trade"), ("木", "家具"),
        "未采取措施消除事故隐患案",
        "AQSCF-102",
        "粉尘涉爆除尘系统未按整改通知要求加装锁气卸灰装置，整改期限届满后隐患仍未消除",
        evidence=((K.ONSITE, "现场复查笔录", "除尘器卸灰口仍为敞开式，未加装锁气卸灰阀。", 27),
                  (K.DOCUMENT, "责令限期整改指令书及送达回证", "整改期限已于复查前届满", 27),
                  (K.PHOTO, "除尘器卸灰口照片", "复查时拍摄", 27)),
        days={"created": 29, "filed": 28}, source="hazard", source_label="责令限期整改后复查"),
    Story(
        FILING, ("fire", "culture_tourism", "commerce"), ("餐", "农家乐", "饭店"),
        "违规存放液化石油气钢瓶案",
        "",
        "综合行政执法队巡查发现该单位在员工宿舍楼一层楼梯间存放液化石油气钢瓶12只（其中满瓶7只），"
        "无通风、无可燃气体报警装置",
        days={"sent": 4, "received": 3, "responded": 2}, source="referral"),
    Story(
        TRANSFERRED, ("gas", "hazchem"), ("液化", "燃气"),
        "关闭可燃气体报警装置涉嫌危险作业案",
        "AQSCF-99-4",
        "储罐区可燃气体泄漏报警控制器被人为关闭电源，报警功能失效已达20余日，期间正常进行"
        "卸车、充装作业",
        evidence=((K.ELECTRONIC, "报警控制器运行日志导出数据", "日志显示控制器于检查前23日断电，"
                   "此后无任何记录。", 15),
                  (K.INQUIRY, "询问笔录（站长）", "问：报警器为何关闭？答：老是误报，影响卸车，"
                   "我让值班员把电源关了。", 14),
                  (K.SCENE, "勘验笔录（储罐区）", "控制器面板无显示，电源空气开关处于断开位置。",
                   15)),
        days={"created": 16, "filed": 15, "transferred": 10, "accepted": 7},
        crime_facts={"disabled_monitoring_or_alarm": True, "real_danger": True}),
]

# The mark of this step's cases: a second run finds one of them and writes nothing.
TITLES = [s.title for s in STORIES]

# What the officers write at the steps.
WAIVE = "当事人在告知书送达回证上书面表示放弃陈述、申辩和听证"
TRANSFER = ("当事人关闭直接关系生产安全的可燃气体泄漏报警装置，具有发生重大伤亡事故的现实危险，"
            "涉嫌危险作业罪（刑法第134条之一），依法移送公安机关")
POLICE = "安溪县公安局"
REFERRAL_COUNTERPART = "湖上乡应急管理办公室"
REFERRAL_RESPONSE = "已接收移交线索，拟立案查处，立案审批中"
COURT_DOC = "受案回执"
