"""What the demo hazards say: the township's hazard ledger as a 湖上乡 officer would have
written it over the last two months. Each story is one hazard and how far its closed loop
has gone; ``hazards.py`` plays it through the services. Days are relative to ``today``."""

from __future__ import annotations

from dataclasses import dataclass

# How far a story's closed loop has gone by today.
PENDING = "pending"            # registered (a major one with its plan), nothing done yet
RECTIFYING = "rectifying"      # started
AWAITING = "awaiting"          # rectification and photos submitted, waiting for the review
CLOSED = "closed"              # review passed, 销号
FAILED = "failed"              # review failed once: back to 整改中 with the reason
FAILED_TWICE = "failed_twice"  # failed twice: 从重
REOPENED = "reopened"          # closed, then came back: 待整改 again

# The source label an officer writes for each kind of entry.
SOURCE_LABELS = {"inspection": "日常执法检查", "complaint": "12350举报投诉核查",
                 "self_report": "企业书面报告（自查自报）"}

# The standards the criteria cite (loosely, as an officer's note would).
GONGMAO = "《工贸企业重大事故隐患判定标准》"
HUAGONG = "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》"
YANHUA = "《烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）》"
KUANGSHAN = "《金属非金属矿山重大事故隐患判定标准》"
FANGWU = "《房屋市政工程生产安全重大事故隐患判定标准（2022版）》"
RANQI = "《城镇燃气经营安全重大隐患判定标准》"


@dataclass(frozen=True)
class Story:
    sectors: tuple[str, ...]  # where it happens: the first unused enterprise of these sectors
    level: str                # "general" / "major"
    source: str               # "inspection" / "complaint" / "self_report"
    criterion: str
    description: str
    place: str
    found: int                # found this many days before today
    due: int                  # the deadline, days after today (negative: already passed)
    stage: str
    measures: str             # what the enterprise does: the plan and the rectification
    emergency: str = ""       # a major hazard's 整改期间应急措施 (五落实)
    funds: int = 0            # yuan set aside (五落实); the rectification spends about this
    opinion: str = ""         # why a review failed
    reopen: str = ""          # why a closed hazard came back
    listing: str = ""         # 挂牌督办: "township" / "county"
    officer: str = "officer1"
    showcase: bool = False    # enterprise1's own enterprise, whose user takes its steps
    names: tuple[str, ...] = ()  # preferred: an enterprise whose name has one of these words


# enterprise1's tea factory: an open hazard due in two days, a self-report waiting for the
# review, one being rectified and one closed — what its portal page is meant to show.
SHOWCASE = [
    Story(("light_industry",), "general", "inspection",
          "工贸企业安全检查表 机械伤害防护：传动部位应设置防护罩",
          "揉捻车间3台揉捻机、1台平揉机传动皮带防护罩缺失，皮带轮外露，作业人员距离不足0.5米",
          "揉捻车间", 6, 2, PENDING,
          "为揉捻机、平揉机加装固定式传动防护罩，并在机旁张贴安全操作规程", funds=2400,
          showcase=True),
    Story(("light_industry",), "general", "self_report",
          "企业隐患排查清单 燃气使用：软管长度和老化、燃气泄漏报警",
          "杀青机燃气供气软管老化龟裂，长度约3米，车间未安装可燃气体泄漏报警装置",
          "杀青车间", 12, 8, AWAITING,
          "更换为金属波纹软管（长度不超过2米），杀青车间安装可燃气体泄漏报警器并与切断阀联锁",
          funds=3800, showcase=True),
    Story(("light_industry",), "general", "inspection",
          "《消防法》第二十八条：不得占用、堵塞、封闭疏散通道、安全出口",
          "成品仓库东侧安全出口被茶叶包装箱堵塞，仓库内2处疏散指示标志不亮",
          "成品仓库", 9, 5, RECTIFYING,
          "清理安全出口前堆放的包装箱并划定禁止堆放区，更换损坏的疏散指示标志", funds=600,
          showcase=True),
    Story(("light_industry",), "general", "self_report",
          "企业隐患排查清单 电气安全：配电箱完好、线路规范",
          "烘焙车间配电箱箱门损坏无法关闭，箱内积尘，烘干机电源线私拉乱接",
          "烘焙车间", 40, -25, CLOSED,
          "更换配电箱并清扫，烘干机电源线改为穿管敷设，由持证电工每周检查", funds=1500,
          showcase=True),
]

# The rest of the township, at every stage of the loop.
TOWNSHIP = [
    # 挂牌督办 by the township, its deadline extended by the head of the 应急办.
    Story(("dust_explosion",), "major", "inspection",
          f"{GONGMAO} 粉尘爆炸危险场所：除尘系统未按规定设置锁气卸灰装置",
          "打磨车间布袋除尘器灰斗下部未设置锁气卸灰装置，人工开口卸灰，现场积尘厚度超过5毫米",
          "打磨车间除尘器", 50, -2, RECTIFYING,
          "除尘器灰斗加装星型锁气卸灰阀，更换除尘器泄爆片并导向室外安全区域，建立每班清扫制度",
          emergency="整改完成前停用3号、4号打磨工位，每班清扫积尘并记录，车间内严禁动火作业",
          funds=86000, listing="township"),
    # 挂牌督办 by the county (安溪县应急管理局).
    Story(("non_coal_mine",), "major", "inspection",
          f"{KUANGSHAN} 露天矿山：未按设计要求采用台阶式开采",
          "采场西侧未按设计分台阶开采，形成高约35米、坡面角超过70度的高陡边坡，坡顶有浮石",
          "采场西侧边坡", 25, 35, RECTIFYING,
          "聘请有资质单位编制边坡治理方案，自上而下削坡分台阶，清除坡顶浮石并设置截水沟",
          emergency="西侧边坡停止开采作业，坡底设置警戒区，安排专人每日巡查边坡变形",
          funds=420000, listing="county"),
    Story(("hazchem",), "major", "inspection",
          f"{HUAGONG} 主要负责人和安全生产管理人员未依法经考核合格",
          "加油站站长（主要负责人）未取得危险化学品经营单位主要负责人安全生产知识和管理能力考核合格证",
          "站房", 18, 12, RECTIFYING,
          "站长报名参加县应急局组织的考核，考核合格前由已取证的安全管理人员负责站内安全管理",
          emergency="考核合格前暂停夜间卸油作业，卸油时由持证安全员全程监护",
          funds=2000),
    Story(("hazchem",), "general", "inspection",
          "《汽车加油加气加氢站技术标准》：卸油场地应设卸油静电接地报警装置",
          "卸油区静电接地报警仪损坏，接地线夹锈蚀，卸油时未连接静电接地",
          "卸油区", 20, -5, RECTIFYING,
          "更换静电接地报警仪和接地线夹，委托检测接地电阻，卸油前由安全员确认接地"),
    Story(("gas",), "major", "complaint",
          f"{RANQI} 瓶装液化石油气储存超过核定存量、可燃气体报警装置失效",
          "实瓶库存放15公斤液化石油气钢瓶约160瓶，超过核定存量，库房可燃气体报警器断电失效",
          "实瓶库", 30, -8, RECTIFYING,
          "按核定存量控制进货，超量钢瓶当日调回充装站，修复可燃气体报警器并接入值班室",
          emergency="每日盘点库存并报乡应急办，报警器修复前每2小时人工检测一次",
          funds=6500),
    Story(("fireworks",), "major", "inspection",
          f"{YANHUA} 零售点与居住场所设置在同一建筑物内",
          "烟花爆竹零售点与经营者住宿设置在同一建筑物内，店堂后部搭设床铺，存在“三合一”情形",
          "零售店堂", 15, 15, PENDING,
          "拆除店内住宿设施，住宿迁出经营建筑，店堂与其他区域实体墙分隔",
          emergency="整改完成前停止经营并将库存烟花爆竹退回批发企业，夜间不得在店内住宿",
          funds=5000),
    Story(("fireworks",), "general", "inspection",
          "烟花爆竹零售经营许可条件：配备消防器材、严禁烟火",
          "零售点未配备灭火器，店堂内有人员吸烟，未张贴“严禁烟火”警示标志",
          "零售店堂", 45, -30, CLOSED,
          "配备2具4公斤干粉灭火器，张贴警示标志，店内禁止吸烟", funds=300,
          officer="officer2"),
    Story(("metallurgy",), "major", "inspection",
          f"{GONGMAO} 冶金：熔炼炉冷却水系统未设置温度、流量检测报警",
          "中频感应熔炼炉冷却水系统未设置出水温度和流量检测报警装置，炉下地坑有积水",
          "熔炼车间", 60, -20, CLOSED,
          "冷却水系统加装温度、流量检测报警并与电源联锁，地坑排水后做防水处理",
          emergency="整改期间熔炼时安排专人监视冷却水出水，炉前禁止无关人员停留",
          funds=38000),
    Story(("dust_explosion",), "general", "inspection",
          "《粉尘防爆安全规程》：及时清理作业场所和除尘器积尘",
          "抛光工位除尘器灰斗积尘未及时清理，车间地面、设备表面积尘明显，未建立清扫记录",
          "抛光车间", 16, 4, AWAITING,
          "清理除尘器和车间积尘，制定每班清扫制度并记录"),
    # A review that failed: the 泄爆 was fitted the wrong way.
    Story(("dust_explosion",), "major", "inspection",
          f"{GONGMAO} 粉尘爆炸危险场所：干式除尘系统未采取泄爆、隔爆、抑爆等控爆措施",
          "木粉干式除尘器未设置泄爆装置，除尘管道未设置隔爆阀",
          "砂光车间除尘器", 35, 10, FAILED,
          "除尘器加装泄爆片并将泄爆口导向室外安全区域，进风管道加装隔爆阀",
          emergency="整改期间砂光机每班只开一台，除尘器周边设置警戒区，禁止人员停留",
          funds=52000,
          opinion="泄爆片泄爆口朝向厂区人员通道，未导向安全区域；隔爆阀未安装。复查不合格，"
                  "请按方案整改到位后重新申请复查"),
    Story(("construction",), "general", "inspection",
          "《建筑施工扣件式钢管脚手架安全技术规范》：连墙件设置",
          "3号楼外脚手架连墙件设置不足，东立面约20米范围无连墙件，部分立杆底部悬空",
          "3号楼外脚手架", 38, -18, CLOSED,
          "按专项方案补设连墙件，悬空立杆加设垫板和扫地杆，经项目部验收后使用",
          officer="zhifa1"),
    Story(("construction",), "major", "inspection",
          f"{FANGWU} 基坑工程：未按专项施工方案开挖、支护",
          "地下室基坑开挖深度约5.5米，未按专项施工方案放坡，支护未经验收即继续开挖，坑边堆土",
          "地下室基坑", 3, 7, PENDING,
          "按专项方案放坡并完成支护，组织支护验收，清除坑边堆土，布设基坑监测点",
          emergency="停止基坑开挖，坑边2米内禁止堆载，安排专人监测基坑变形，下雨时撤出坑内人员",
          funds=150000, officer="zhifa1"),
    Story(("special_equipment",), "general", "inspection",
          "《特种设备安全法》第四十条：未经定期检验或者检验不合格的特种设备不得继续使用",
          "1台叉车（场内机动车辆）检验有效期已过仍在使用，驾驶员未取得特种设备作业人员证",
          "装卸区", 24, -3, PENDING,
          "叉车停用并申请定期检验，驾驶员参加培训取证，取证前不得驾驶",
          names=("茶叶机械", "农业机械", "机械", "石")),
    # Failed twice: 从重.
    Story(("building_materials",), "general", "inspection",
          "《工贸企业有限空间作业安全规定》：有限空间作业应当审批、先通风再检测后作业",
          "沉淀池清淤作业未履行有限空间作业审批，未配备气体检测仪和通风设备，池口无警示标识",
          "废水沉淀池", 35, 5, FAILED_TWICE,
          "建立有限空间作业审批制度，配备四合一气体检测仪、通风机和安全绳，池口设置警示标识",
          opinion="仅设置了警示标识，未配备气体检测仪，作业审批单未填写检测数据",
          names=("石",)),
    # Closed, then the spray broke again.
    Story(("building_materials",), "general", "inspection",
          "工贸企业安全检查表 粉尘防治：湿式作业和降尘设施完好",
          "石材切割车间喷淋降尘设施损坏，切割时粉尘浓度高，作业人员未佩戴防尘口罩",
          "切割车间", 55, -35, REOPENED,
          "修复切割机喷淋降尘装置，配发防尘口罩并督促佩戴",
          reopen="回访检查发现切割车间2号切割机喷淋装置再次损坏，仍在干切作业",
          names=("石",)),
    Story(("ammonia_refrigeration",), "major", "inspection",
          f"{GONGMAO} 涉氨制冷：氨气浓度报警装置未与事故排风机联锁",
          "液氨制冷机房氨气浓度报警装置未与事故排风机联锁，报警器探头已损坏",
          "制冷机房", 28, 2, AWAITING,
          "更换氨气浓度报警探头，报警装置与事故排风机联锁，组织联锁测试",
          emergency="整改期间制冷机房每班人工检测氨浓度，机房门口放置正压式空气呼吸器",
          funds=18000),
    Story(("fire",), "general", "complaint",
          "《消防法》第二十八条：不得占用、堵塞、封闭疏散通道、安全出口",
          "超市后门安全出口被货架和纸箱堵塞，疏散通道堆放货物，宽度不足1米",
          "卖场后门", 14, -2, PENDING,
          "清理疏散通道和安全出口前的货物，划线标示禁止堆放区域",
          names=("超市", "商店", "便利店", "百货")),
    Story(("fire",), "general", "complaint",
          "《城镇燃气设计规范》：液化石油气钢瓶不得与明火同室存放",
          "厨房内液化气钢瓶与灶具明火同室存放，备用钢瓶2只，未安装燃气泄漏报警装置",
          "厨房", 4, 3, PENDING,
          "设置独立的钢瓶间，备用钢瓶移出厨房，安装燃气泄漏报警装置",
          names=("饭店", "餐馆", "小吃", "大排档", "农家乐", "山庄")),
    Story(("fire", "culture_tourism"), "general", "inspection",
          "《消防法》第十六条：保障疏散指示标志、应急照明完好有效",
          "客房楼二层、三层走道疏散指示标志损坏4处，应急照明灯断电后不亮",
          "客房楼走道", 42, -22, CLOSED,
          "更换损坏的疏散指示标志和应急照明灯，每月测试一次", officer="officer2",
          names=("宾馆", "旅馆", "旅社", "酒店")),
    Story(("self_built_housing",), "major", "self_report",
          "经营性自建房安全隐患排查整治：擅自加层、改变用途，未经安全鉴定",
          "经营性自建房三层为后期擅自加建的彩钢板房并用作客房，未经房屋安全鉴定",
          "三层加建部分", 20, 25, RECTIFYING,
          "委托有资质单位进行房屋安全鉴定，按鉴定结论拆除或加固加建部分",
          emergency="鉴定完成前三层停止使用，不得安排住客，设置禁止入内标识",
          funds=30000,
          names=("民宿", "农家乐", "山庄", "客栈")),
    Story(("fire",), "general", "inspection",
          "《消防法》第二十八条；电动自行车消防安全管理规定",
          "住宿楼走道内停放电动自行车并充电，楼内私拉电线",
          "住宿楼一层走道", 7, 6, RECTIFYING,
          "在室外设置电动自行车集中停放充电区，拆除私拉电线", officer="officer2",
          names=("颐养院", "养老院", "老年公寓", "宾馆", "旅馆")),
    Story(("fire",), "general", "inspection",
          "《建筑设计防火规范》：人员密集场所外窗不应设置影响逃生和灭火救援的障碍物",
          "二层、三层房间外窗设置固定式防盗网，未设置逃生口",
          "二层、三层房间", 26, -4, RECTIFYING,
          "拆除固定防盗网或改为可从内部开启的防盗窗",
          names=("民宿", "客栈", "农家乐", "山庄")),
    Story(("transport",), "general", "inspection",
          "《道路运输车辆动态监督管理办法》：落实动态监控，及时纠正违法行为",
          "企业未安排专人监控车辆动态监控平台，近一个月12次超速报警未处理",
          "企业调度室", 5, 10, PENDING,
          "指定专职动态监控人员，建立超速报警处理台账，对超速驾驶员进行教育"),
    Story(("commerce",), "general", "inspection",
          "《消防法》第二十八条：不得占用、堵塞、封闭疏散通道",
          "快递包裹堆放占用疏散通道，货架距配电箱不足0.5米",
          "包裹存放区", 33, -20, CLOSED,
          "清理通道堆放包裹，货架移离配电箱，划线定置存放", officer="officer2",
          names=("快递",)),
    Story(("light_industry",), "general", "self_report",
          "企业隐患排查清单 特种设备：压力容器定期检验",
          "茶叶烘干用小型热水锅炉压力表超过检定有效期，安全阀未按期校验",
          "烘干车间锅炉房", 30, -10, CLOSED,
          "更换检定合格的压力表，安全阀送检校验",
          names=("茶",)),
    Story(("fire",), "general", "self_report",
          "企业隐患排查清单 厨房防火：排油烟管道定期清洗",
          "厨房排油烟管道超过半年未清洗，油垢较厚",
          "厨房", 22, -8, CLOSED,
          "委托专业单位清洗排油烟管道，此后每季度清洗一次",
          names=("饭店", "餐馆", "农家乐", "山庄", "酒店")),
    Story(("light_industry",), "general", "inspection",
          "《危险化学品安全管理条例》：危险化学品应储存在专用仓库",
          "油墨、洗车水等易燃液体约200升存放在印刷车间角落，未设专用仓库，周边有纸张堆放",
          "印刷车间", 2, 12, PENDING,
          "设置易燃液体专用储存间并配备防泄漏托盘，车间内只存放当班用量",
          names=("彩印", "印刷", "包装")),
    Story(("industry_trade",), "general", "inspection",
          "工贸企业安全检查表 临时用电：一机一闸一漏保",
          "车间临时用电未做到一机一闸一漏保，多台设备共用一个开关，电缆拖地",
          "生产车间", 10, 1, AWAITING,
          "按一机一闸一漏保改造配电，电缆架空敷设", officer="zhifa1"),
]

STORIES = SHOWCASE + TOWNSHIP

# Duty records (自查、演练、培训): what the showcase enterprise has done (days before today),
# so its portal shows every duty on schedule.
SHOWCASE_DUTIES = [
    ("self_inspection", 2, "主要负责人带队开展月度安全检查（揉捻、杀青车间）", 5),
    ("self_inspection", 16, "主要负责人带队检查燃气使用和电气线路", 4),
    ("self_inspection", 33, "主要负责人带队开展月度安全检查（仓库、配电房）", 5),
    ("self_inspection", 63, "主要负责人带队开展秋茶加工季前安全检查", 6),
    ("drill", 40, "成品仓库火灾应急疏散和灭火演练", 32),
    ("training", 75, "全员年度安全生产教育培训（燃气使用、机械防护、消防器材）", 38),
]
# Another few enterprises: on schedule, and behind (their last self-inspection months ago).
ON_SCHEDULE_DUTIES = [
    ("self_inspection", 5, "主要负责人带队开展月度安全检查", 4),
    ("self_inspection", 20, "主要负责人带队检查重点部位", 3),
    ("drill", 60, "综合应急预案演练", 20),
    ("training", 100, "从业人员年度安全培训", 25),
]
BEHIND_DUTIES = [
    ("self_inspection", 95, "主要负责人带队开展安全检查", 3),
    ("training", 420, "从业人员安全培训", 12),
]
