"""Static material of the demo shop: a Guangzhou 广汽丰田 dealer's people, cars, parts, labor and tools."""

from __future__ import annotations

from dataclasses import dataclass

SHOP_NAME = "广州粤通汽车销售服务有限公司"
BRAND = "广汽丰田"
# (team, internal labor cost 元/h (A5), piece rate 元 per billed hour (W7))
TEAM_RATES = (("机修", "45.00", "30.00"), ("钣喷", "55.00", "36.00"))

# (username, display name, role value, team)
CORE_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("director", "王总监", "service_director", None),
    ("manager", "李经理", "workshop_manager", None),
    ("lead", "陈主管", "front_desk_lead", None),
    ("advisor", "张顾问", "advisor", None),
    ("tech1", "赵志强", "technician", "机修"),
    ("leader", "吴班长", "team_leader", "机修"),
    ("qc", "何检验", "qc_inspector", None),
    ("parts", "梁仓管", "parts_clerk", None),
    ("cs", "罗客服", "customer_service", None),
    ("admin", "邓管理员", "admin", None),
    ("cashier", "苏收银", "cashier", None),
)
MORE_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("advisor2", "刘顾问", "advisor", None),
    ("advisor3", "黄顾问", "advisor", None),
    ("advisor4", "林顾问", "advisor", None),
    ("advisor5", "周顾问", "advisor", None),
    ("leader2", "郑班长", "team_leader", "钣喷"),
    ("tech2", "孙伟", "technician", "机修"),
    ("tech3", "钱建华", "technician", "机修"),
    ("tech4", "冯国栋", "technician", "机修"),
    ("tech5", "蔡文杰", "technician", "机修"),
    ("tech6", "许家豪", "technician", "机修"),
    ("tech7", "邓俊峰", "technician", "机修"),
    ("tech8", "曾志明", "technician", "钣喷"),
    ("tech9", "彭永康", "technician", "钣喷"),
    ("tech10", "谢振华", "technician", "钣喷"),
    ("tech11", "杨海涛", "technician", "钣喷"),
    ("tech12", "温少华", "technician", "钣喷"),
    ("qc2", "叶检验", "qc_inspector", None),
    ("parts2", "苏仓管", "parts_clerk", None),
)

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚"
            "沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤温")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉鹏飞斌宇浩凯俊峰琳婷雪梅晨欣怡嘉豪"
         "子轩梓涵思远家乐少东伟明惠玲锦荣德华永康振宇晓燕美玲丽华国强海燕秋菊冬梅春生耀祖泽楷颖诗雅")
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
                   "156", "157", "158", "159", "166", "170", "176", "177", "180", "181", "182", "183", "185", "186",
                   "187", "188", "189", "191", "198", "199")
DISTRICTS = ("天河区", "越秀区", "海珠区", "荔湾区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "增城区", "从化区")
STREETS = ("天河路", "体育西路", "中山大道", "黄埔大道", "广州大道中", "东风东路", "环市东路", "解放北路", "江南大道中",
           "新港西路", "工业大道", "广园中路", "白云大道北", "机场路", "科学大道", "开创大道", "市桥街", "迎宾路",
           "南沙大道", "新塘大道", "花城路", "岗贝路", "龙口西路", "五羊新城寺右新马路", "昌岗中路", "芳村大道")
COMPANY_STEMS = ("顺达", "恒通", "利丰", "新城", "捷运", "宏远", "华信", "安达", "盛世", "鸿运", "永泰", "金穗", "嘉禾", "骏业",
                 "粤海", "南粤", "广信", "中联", "德润", "瑞丰", "万通", "天盛", "信诚", "丰泽", "汇成", "东方", "明珠",
                 "荣昌", "兴华", "卓越")
COMPANY_TRADES = ("物流", "运输", "出租汽车", "汽车租赁", "建筑工程", "贸易", "科技", "餐饮管理", "物业管理", "电子",
                  "医药", "快递", "家具", "食品", "装饰工程", "环保科技")  # a shop's company and fleet customers
BUILDINGS = ("花园", "小区", "新村", "大厦", "雅苑", "公寓", "名苑", "豪庭")

# model, VDS code (5 chars, VIN-safe), new-energy?, share
MODELS: tuple[tuple[str, str, bool, int], ...] = (
    ("凯美瑞 2.0G 豪华版", "B3FKR", False, 18),
    ("凯美瑞 双擎 2.5HG", "B3FHV", False, 10),
    ("汉兰达 2.0T 四驱", "H5AMX", False, 12),
    ("雷凌 1.5L 运动版", "C7ZRE", False, 16),
    ("雷凌 双擎E+", "C7ZPH", True, 5),
    ("致炫 1.5L", "N1JDV", False, 8),
    ("C-HR 2.0L", "X1GNB", False, 7),
    ("威兰达 2.0L 四驱", "M4ARV", False, 10),
    ("赛那 2.5L 混动", "L8SKV", False, 5),
    ("铂智4X 长续航版", "E2BZX", True, 4),
    ("锋兰达 2.0L", "F6CRS", False, 5),
)
PLATE_CITIES = (("A", 78), ("B", 4), ("E", 5), ("S", 4), ("X", 3), ("T", 3), ("Y", 3))
VIN_YEAR = "ABCDEFGHJKLMNPRSTVWXY123456789"  # model-year codes (2010 = A ... 2030 = Y)


@dataclass(frozen=True)
class PartTemplate:
    prefix: str       # OEM-style first group of the part number
    name: str
    price: tuple[int, int]  # retail price range, 元
    unit: str = "件"
    per_model: bool = True  # one part number per vehicle model
    consumable: bool = False
    old_for_new: bool = False
    group: str = "general"  # maintenance, general, body, paint, warranty
    qty: tuple[int, int] = (1, 1)


PART_TEMPLATES: tuple[PartTemplate, ...] = (
    # maintenance
    PartTemplate("08880", "5W-30 全合成机油(升)", (78, 98), "升", False, True, group="oil", qty=(4, 5)),
    PartTemplate("08880", "0W-20 全合成机油(升)", (88, 118), "升", False, True, group="oil", qty=(4, 5)),
    PartTemplate("90915", "机油滤清器", (45, 85), group="maintenance"),
    PartTemplate("90430", "放油螺塞垫片", (3, 8), per_model=False, consumable=True, group="maintenance"),
    PartTemplate("17801", "空气滤清器滤芯", (95, 180), group="maintenance_opt"),
    PartTemplate("87139", "空调滤芯", (80, 160), group="maintenance_opt"),
    PartTemplate("90919", "火花塞", (75, 135), group="maintenance_opt", qty=(4, 4)),
    PartTemplate("08823", "刹车油 DOT4(瓶)", (65, 95), "瓶", False, True, group="maintenance_opt"),
    PartTemplate("08889", "长效防冻液(升)", (45, 70), "升", False, True, group="maintenance_opt", qty=(2, 4)),
    PartTemplate("08886", "玻璃水(瓶)", (15, 30), "瓶", False, True, group="internal"),
    PartTemplate("08885", "燃油系统清洗剂(瓶)", (80, 120), "瓶", False, True, group="maintenance_opt"),
    PartTemplate("08888", "ATF 自动变速箱油(升)", (110, 150), "升", False, True, group="general", qty=(4, 8)),
    PartTemplate("23300", "汽油滤清器", (180, 320), group="maintenance_opt"),
    PartTemplate("85222", "雨刮片(驾驶侧)", (95, 160), group="maintenance_opt"),
    PartTemplate("85242", "雨刮片(副驾侧)", (85, 150), group="maintenance_opt"),
    # general repair
    PartTemplate("04465", "前刹车片", (420, 780), group="general"),
    PartTemplate("04466", "后刹车片", (360, 680), group="general"),
    PartTemplate("43512", "前刹车盘", (520, 980), group="general", qty=(1, 2)),
    PartTemplate("42431", "后刹车盘", (460, 860), group="general", qty=(1, 2)),
    PartTemplate("28800", "蓄电池", (780, 1450), old_for_new=True, group="general"),
    PartTemplate("27060", "发电机总成", (2800, 4600), old_for_new=True, group="warranty"),
    PartTemplate("28100", "起动机总成", (2200, 3800), old_for_new=True, group="warranty"),
    PartTemplate("88310", "空调压缩机总成", (4800, 7600), old_for_new=True, group="warranty"),
    PartTemplate("16100", "水泵总成", (980, 1680), old_for_new=True, group="warranty"),
    PartTemplate("90916", "多楔皮带", (220, 420), group="general"),
    PartTemplate("13568", "正时皮带", (380, 680), group="general"),
    PartTemplate("48510", "前减震器", (850, 1500), group="general"),
    PartTemplate("48530", "后减震器", (680, 1200), group="general"),
    PartTemplate("89465", "氧传感器", (680, 1180), group="warranty"),
    PartTemplate("22030", "节气门体总成", (1600, 2600), group="warranty"),
    PartTemplate("16400", "散热器总成", (1500, 2500), group="general"),
    PartTemplate("48068", "前下摆臂", (680, 1100), group="general"),
    PartTemplate("43330", "球头", (260, 460), group="general"),
    PartTemplate("90080", "轮毂轴承", (480, 880), group="general"),
    PartTemplate("81550", "尾灯灯泡", (25, 45), group="general"),
    PartTemplate("90981", "近光灯泡", (60, 120), group="general"),
    PartTemplate("89661", "发动机控制单元 ECU", (5200, 8800), group="warranty"),
    PartTemplate("86140", "多媒体主机", (4200, 7800), group="warranty"),
    PartTemplate("G9280", "混动蓄电池冷却风扇", (1100, 1800), group="warranty"),
    PartTemplate("89341", "倒车雷达探头", (380, 680), group="warranty"),
    PartTemplate("69050", "车门锁块", (480, 860), group="warranty"),
    # body and paint
    PartTemplate("52119", "前保险杠皮", (1200, 2400), group="body"),
    PartTemplate("52159", "后保险杠皮", (1100, 2200), group="body"),
    PartTemplate("81110", "左前大灯总成", (2600, 5800), group="body"),
    PartTemplate("81150", "右前大灯总成", (2600, 5800), group="body"),
    PartTemplate("81551", "左尾灯总成", (900, 1800), group="body"),
    PartTemplate("53301", "发动机盖", (1800, 3200), group="body"),
    PartTemplate("53811", "左前翼子板", (700, 1400), group="body"),
    PartTemplate("53812", "右前翼子板", (700, 1400), group="body"),
    PartTemplate("67001", "左前车门壳", (2200, 3800), group="body"),
    PartTemplate("87910", "左后视镜总成", (1100, 2300), group="body"),
    PartTemplate("87940", "右后视镜总成", (1100, 2300), group="body"),
    PartTemplate("53111", "中网", (650, 1300), group="body"),
    PartTemplate("56101", "前挡风玻璃", (1800, 3600), group="body"),
    PartTemplate("81210", "前雾灯", (320, 620), group="body"),
    PartTemplate("52021", "前保险杠骨架", (600, 1100), group="body"),
    PartTemplate("75311", "车标", (180, 320), group="body"),
    PartTemplate("PT100", "原厂面漆(升)", (480, 880), "升", False, True, group="paint", qty=(1, 2)),
    PartTemplate("PT200", "清漆(升)", (260, 420), "升", False, True, group="paint", qty=(1, 2)),
    PartTemplate("PT300", "原子灰(千克)", (60, 110), "千克", False, True, group="paint", qty=(1, 2)),
    PartTemplate("PT400", "中涂底漆(升)", (180, 320), "升", False, True, group="paint"),
    PartTemplate("PT500", "砂纸(张)", (3, 8), "张", False, True, group="paint", qty=(5, 20)),
    PartTemplate("PT600", "遮蔽纸(卷)", (35, 60), "卷", False, True, group="paint"),
    PartTemplate("90119", "保险杠卡扣", (4, 12), per_model=False, consumable=True, group="paint", qty=(4, 10)),
)

# code, name, standard hours, rate, team, group
LABOR_OPS: tuple[tuple[str, str, str, int, str, str], ...] = (
    ("JX0101", "更换机油机滤", "0.50", 150, "机修", "maintenance"),
    ("JX0102", "常规保养检查（二十项）", "0.50", 150, "机修", "maintenance"),
    ("JX0103", "更换空气滤芯", "0.20", 150, "机修", "maintenance_opt"),
    ("JX0104", "更换空调滤芯", "0.20", 150, "机修", "maintenance_opt"),
    ("JX0105", "更换火花塞", "0.80", 150, "机修", "maintenance_opt"),
    ("JX0106", "更换刹车油", "0.80", 150, "机修", "maintenance_opt"),
    ("JX0107", "更换防冻液", "0.80", 150, "机修", "maintenance_opt"),
    ("JX0108", "四轮换位", "0.50", 150, "机修", "maintenance_opt"),
    ("JX0109", "节气门清洗", "0.60", 150, "机修", "maintenance_opt"),
    ("JX0201", "更换前刹车片", "1.00", 160, "机修", "general"),
    ("JX0202", "更换后刹车片", "1.00", 160, "机修", "general"),
    ("JX0203", "更换前刹车盘", "1.50", 160, "机修", "general"),
    ("JX0204", "更换蓄电池", "0.30", 160, "机修", "general"),
    ("JX0205", "更换发电机", "2.00", 160, "机修", "warranty"),
    ("JX0206", "更换起动机", "1.80", 160, "机修", "warranty"),
    ("JX0207", "更换空调压缩机", "3.50", 160, "机修", "warranty"),
    ("JX0208", "更换水泵", "2.50", 160, "机修", "warranty"),
    ("JX0209", "更换正时皮带", "3.00", 160, "机修", "general"),
    ("JX0210", "更换前减震器", "2.00", 160, "机修", "general"),
    ("JX0211", "四轮定位", "1.00", 160, "机修", "general"),
    ("JX0212", "故障诊断（诊断仪）", "0.50", 180, "机修", "general"),
    ("JX0213", "更换氧传感器", "0.80", 160, "机修", "warranty"),
    ("JX0214", "ECU 更换及编程", "1.50", 180, "机修", "warranty"),
    ("JX0215", "更换变速箱油", "1.20", 160, "机修", "general"),
    ("JX0216", "更换前下摆臂", "1.50", 160, "机修", "general"),
    ("JX0217", "空调系统检修加注冷媒", "1.20", 160, "机修", "general"),
    ("JX0218", "更换轮毂轴承", "2.00", 160, "机修", "general"),
    ("JX0219", "更换多媒体主机", "1.00", 180, "机修", "warranty"),
    ("JX0220", "更换倒车雷达探头", "0.80", 160, "机修", "warranty"),
    ("JX0221", "更换车门锁块", "1.20", 160, "机修", "warranty"),
    ("JX0222", "更换混动电池冷却风扇", "1.50", 180, "机修", "warranty"),
    ("JX0223", "更换节气门体", "1.00", 160, "机修", "warranty"),
    ("JX0224", "更换灯泡", "0.30", 150, "机修", "general"),
    ("JX0225", "更换散热器", "2.00", 160, "机修", "general"),
    ("JX0226", "更换后减震器", "1.80", 160, "机修", "general"),
    ("JX0227", "更换后刹车盘", "1.50", 160, "机修", "general"),
    ("JX0228", "更换多楔皮带", "0.80", 160, "机修", "general"),
    ("JX0110", "更换雨刮片", "0.20", 150, "机修", "maintenance_opt"),
    ("JX0111", "更换汽油滤清器", "0.80", 150, "机修", "maintenance_opt"),
    ("BP0101", "前保险杠拆装", "1.00", 130, "钣喷", "body"),
    ("BP0102", "前保险杠喷漆", "3.00", 140, "钣喷", "body"),
    ("BP0103", "后保险杠喷漆", "3.00", 140, "钣喷", "body"),
    ("BP0104", "发动机盖钣金修复", "4.00", 130, "钣喷", "body"),
    ("BP0105", "发动机盖喷漆", "3.50", 140, "钣喷", "body"),
    ("BP0106", "翼子板钣金修复", "2.50", 130, "钣喷", "body"),
    ("BP0107", "翼子板喷漆", "2.50", 140, "钣喷", "body"),
    ("BP0108", "车门钣金修复", "3.00", 130, "钣喷", "body"),
    ("BP0109", "车门喷漆", "3.00", 140, "钣喷", "body"),
    ("BP0110", "大灯总成拆装", "0.80", 130, "钣喷", "body"),
    ("BP0111", "前挡风玻璃更换", "1.50", 130, "钣喷", "body"),
    ("BP0112", "车身抛光打蜡", "2.00", 120, "钣喷", "body"),
    ("BP0113", "后视镜总成更换", "0.50", 130, "钣喷", "body"),
    ("BP0114", "前雾灯更换", "0.60", 130, "钣喷", "body"),
    ("BP0115", "中网及车标更换", "0.80", 130, "钣喷", "body"),
    ("BP0116", "前保险杠骨架更换", "1.00", 130, "钣喷", "body"),
    ("BP0117", "尾灯总成更换", "0.50", 130, "钣喷", "body"),
)

# name, brand, model, price
TOOLS: tuple[tuple[str, str, str, int], ...] = (
    ("丰田智能诊断仪 GTS", "丰田", "Techstream GTS+", 28000),
    ("正时专用工具套装", "丰田", "SST 09249-00010", 6800),
    ("发动机吊架", "世达", "SATA 97301", 3200),
    ("变速箱托架", "世达", "SATA 97401", 4500),
    ("空调冷媒回收加注机", "博世", "ACS 652", 36000),
    ("混动系统绝缘检测仪", "福禄克", "Fluke 1587", 9800),
    ("绝缘手套（1000V）", "霍尼韦尔", "2091911", 980),
    ("扭力扳手 40-200N·m", "实耐宝", "TECH3FR250", 4200),
    ("扭力扳手 5-25N·m", "实耐宝", "QD2R200", 2600),
    ("减震器弹簧压缩器", "世达", "SATA 97111", 1800),
    ("球头拉拔器", "世达", "SATA 97501", 680),
    ("轮毂轴承拆装工具", "丰田", "SST 09950-00020", 5200),
    ("蓄电池检测仪", "米卓", "MDX-P300", 5600),
    ("燃油压力表", "世达", "SATA 97702", 1500),
    ("气缸压力表", "世达", "SATA 97601", 980),
    ("内窥镜", "博世", "GIC 120 C", 3800),
    ("钣金整形机", "卡尔拉得", "Spot 2000", 26000),
    ("铝车身焊机", "卡尔拉得", "MIG 350", 58000),
    ("车身测量系统", "卡尔拉得", "Vision2", 168000),
    ("喷枪（面漆）", "萨塔", "SATAjet 5000 B", 6200),
    ("喷枪（清漆）", "萨塔", "SATAjet X 5500", 6800),
    ("漆膜测厚仪", "德国EPK", "MiniTest 70", 4800),
    ("红外烤灯", "德国GAT", "IRT 4-2", 12000),
    ("四轮定位仪", "亨特", "Hawkeye Elite", 198000),
    ("ECU 编程器", "丰田", "CarDAQ-Plus 3", 16000),
    ("示波器", "皮克", "PicoScope 4425A", 22000),
    ("冷却系统测漏仪", "世达", "SATA 97808", 1600),
    ("刹车油更换机", "博世", "BFS 4", 8800),
    ("变速箱油更换机", "元征", "ATF 500", 15800),
    ("玻璃切割工具套装", "世达", "SATA 97901", 2400),
)

SUPPLIERS: tuple[tuple[str, bool], ...] = (
    ("广汽丰田汽车有限公司（售后配件部）", True),
    ("广州市白云区鑫隆汽车配件经营部", False),
    ("广州市越秀区永安汽配商行", False),
    ("广州诚达汽车用品有限公司", False),
    ("佛山市南海区顺通汽车配件有限公司", False),
    ("广州市天河区美途汽车玻璃有限公司", False),
    ("广州立邦汽车漆销售有限公司", False),
)
INSURERS = ("中国人保财险", "平安产险", "太平洋产险", "中国大地保险", "国寿财险", "阳光财险")
DEPARTMENTS = ("销售部", "市场部", "二手车部", "行政部")

GENERAL_FAULTS = ("刹车时有异响", "方向盘抖动", "发动机故障灯亮", "空调不制冷", "怠速抖动", "启动困难", "仪表提示保养",
                  "左前轮异响", "车辆跑偏", "加速无力", "冷车启动有异响", "蓄电池亏电，打不着火", "大灯不亮",
                  "变速箱换挡顿挫", "过减速带底盘异响", "空调有异味")
MAINT_FAULTS = ("到期保养（一万公里）", "到期保养（二万公里）", "到期保养（四万公里）", "首次保养", "定期保养，顺便检查刹车",
                "常规保养，检查轮胎")
ACCIDENT_FAULTS = ("前部碰撞，保险杠破裂", "追尾，后保险杠凹陷", "左侧刮擦，车门凹陷", "倒车撞柱，后视镜损坏",
                   "前挡风玻璃被石子击裂", "停车场被刮，翼子板掉漆", "大灯碰碎，发动机盖变形")
WARRANTY_FAULTS = ("发电机不发电，电瓶灯亮", "空调压缩机异响", "水泵漏水", "多媒体主机黑屏", "氧传感器故障码 P0136",
                   "车门锁无法解锁", "倒车雷达误报", "混动系统警告灯亮")
INTERNAL_FAULTS = ("展车整备", "试驾车保养", "新车 PDI 检查", "二手车整备", "展厅用车补充玻璃水")
ADDED_ITEMS = (("前刹车片磨损至极限，建议更换", "JX0201"), ("空调滤芯脏污，建议更换", "JX0104"),
               ("雨刮片老化，建议更换", "JX0110"), ("蓄电池电压偏低，建议更换", "JX0204"),
               ("前减震器漏油，建议更换", "JX0210"), ("多楔皮带有裂纹，建议更换", "JX0228"),
               ("节气门积碳，建议清洗", "JX0109"))
PAINT = ("PT100", "PT200", "PT300", "PT400", "PT500", "PT600", "90119")
# labor operation -> part templates (by part-number prefix) it uses
OP_PARTS: dict[str, tuple[str, ...]] = {
    "JX0101": ("08880", "90915", "90430"), "JX0103": ("17801",), "JX0104": ("87139",), "JX0105": ("90919",),
    "JX0106": ("08823",), "JX0107": ("08889",), "JX0109": ("08885",), "JX0110": ("85222", "85242"),
    "JX0111": ("23300",), "JX0201": ("04465",), "JX0202": ("04466",), "JX0203": ("43512",), "JX0204": ("28800",),
    "JX0205": ("27060",), "JX0206": ("28100",), "JX0207": ("88310",), "JX0208": ("16100",), "JX0209": ("13568",),
    "JX0210": ("48510",), "JX0213": ("89465",), "JX0214": ("89661",), "JX0215": ("08888",),
    "JX0216": ("48068", "43330"), "JX0218": ("90080",), "JX0219": ("86140",), "JX0220": ("89341",),
    "JX0221": ("69050",), "JX0222": ("G9280",), "JX0223": ("22030",), "JX0224": ("81550", "90981"),
    "JX0225": ("16400",), "JX0226": ("48530",), "JX0227": ("42431",), "JX0228": ("90916",),
    "BP0101": ("52119",), "BP0103": ("52159",), "BP0104": ("53301",), "BP0106": ("53811", "53812"),
    "BP0108": ("67001",), "BP0110": ("81110", "81150"), "BP0111": ("56101",), "BP0113": ("87910", "87940"),
    "BP0114": ("81210",), "BP0115": ("53111", "75311"), "BP0116": ("52021",), "BP0117": ("81551",),
}
PAINT_OPS = ("BP0102", "BP0103", "BP0105", "BP0107", "BP0109")
DISCOUNT_REASONS = ("老客户维护", "等待时间较长，致歉优惠", "会员日活动", "首次进店优惠", "车队客户协议价",
                    "服务过程有瑕疵，补偿客户", "客户投诉后挽回")
VISIT_RESULTS = ("客户满意，车辆使用正常", "客户表示服务很好", "客户反映等待时间稍长", "车辆正常，客户无意见",
                 "客户建议增加休息区饮品", "电话未接通，短信回访", "客户满意，已预约下次保养")
COMPLAINTS = ("保养后仪表保养提示未清零", "维修后异响仍然存在", "交车时间比承诺晚了两个小时", "车内座椅被弄脏",
              "结算金额与报价不一致", "服务顾问态度不好", "喷漆颜色与原车有色差", "等待时间过长，无人告知进度")
