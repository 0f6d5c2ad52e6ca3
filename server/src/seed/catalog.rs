//! The fixed catalogue the seed draws from: the 11 联合行动 themes with their subjects and
//! organisers, the event kinds, and phrase banks for realistic titles, venues and descriptions.

pub struct ThemeSeed {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Dark enough for white text at WCAG AA.
    pub color: &'static str,
    /// Subjects that titles are made of; they carry the keywords people search for.
    pub subjects: &'static [&'static str],
    /// Organisers that work on this theme: (name, type).
    pub organizers: &'static [(&'static str, &'static str)],
    /// Sentences for descriptions.
    pub sentences: &'static [&'static str],
}

pub const THEMES: &[ThemeSeed] = &[
    ThemeSeed {
        id: "self-reliance",
        name: "科技自立自强",
        color: "#b4361b",
        description: "聚焦科技创新成果，讲述科学家故事，展示高水平科技自立自强的中国力量。",
        subjects: &[
            "科学家精神",
            "大国重器",
            "芯片与集成电路",
            "量子科技",
            "科技创新成果",
            "人工智能",
            "超级计算机",
            "新材料",
        ],
        organizers: &[
            ("中国科学院", "institute"),
            ("中国工程院", "institute"),
            ("清华大学", "university"),
            ("中国科学技术大学", "university"),
            ("中国科学技术馆", "museum"),
        ],
        sentences: &[
            "通过实物展示与专家讲解，带领公众了解我国在关键核心技术领域取得的突破。",
            "活动讲述老一辈科学家胸怀祖国、服务人民的感人故事，弘扬科学家精神。",
            "现场设置互动体验区，青少年可以亲手操作科研设备的教学模型。",
            "青年科研人员分享攻关经历，讲述从实验室到生产线的创新之路。",
            "活动展出国产超级计算机、量子计算原型机等重大科技成果的模型和图片。",
        ],
    },
    ThemeSeed {
        id: "nuclear",
        name: "核科普",
        color: "#6a2fc9",
        description: "走近核能与核技术，了解核安全，认识核技术在医疗、农业和工业中的应用。",
        subjects: &[
            "走近核电站",
            "核与辐射安全",
            "核技术应用",
            "揭秘核聚变",
            "核能与碳中和",
            "核医学",
            "辐射的真相",
        ],
        organizers: &[
            ("中国核学会", "society"),
            ("国家原子能机构", "government"),
            ("中国核工业集团有限公司", "enterprise"),
            ("中国原子能科学研究院", "institute"),
            ("中国广核集团", "enterprise"),
        ],
        sentences: &[
            "核电是清洁低碳的能源，活动将用通俗的语言讲解核电站如何安全地发电。",
            "专家将介绍辐射的来源、剂量与防护，帮助公众科学认识核与辐射。",
            "参观者可以了解同位素在医学诊断、农业育种和工业探伤中的应用。",
            "核电站模拟控制室向公众开放，观众可以体验核电运行人员的日常工作。",
            "专家解读可控核聚变研究进展，带大家认识“人造太阳”。",
        ],
    },
    ThemeSeed {
        id: "water",
        name: "水利科普",
        color: "#075e8f",
        description: "了解水资源与水利工程，节约用水、防汛减灾，共建幸福河湖。",
        subjects: &[
            "走进水利工程",
            "节水护水",
            "三峡工程",
            "南水北调",
            "防汛抗旱知识",
            "幸福河湖",
            "水文监测",
        ],
        organizers: &[
            ("水利部", "government"),
            ("中国水利学会", "society"),
            ("中国水利水电科学研究院", "institute"),
            ("中国长江三峡集团有限公司", "enterprise"),
            ("河海大学", "university"),
        ],
        sentences: &[
            "活动介绍大型水利工程的设计与建设，展示我国水利事业的发展成就。",
            "通过节水小实验，引导家庭养成节约用水的好习惯。",
            "水利专家讲解汛期安全常识，提升公众防汛避险能力。",
            "公众可以走进水利枢纽，近距离观察船闸、泄洪闸等水利设施的运行。",
            "活动讲解南水北调工程如何跨越千里，把长江水送到北方城市。",
        ],
    },
    ThemeSeed {
        id: "health",
        name: "健康中国",
        color: "#0a6b4f",
        description: "普及健康知识，倡导健康生活方式，提升全民健康素养。",
        subjects: &[
            "合理膳食",
            "疫苗与免疫",
            "科学健身",
            "心理健康",
            "慢性病防控",
            "中医药文化",
            "急救技能",
        ],
        organizers: &[
            ("中华医学会", "society"),
            ("国家卫生健康委员会", "government"),
            ("北京协和医院", "institute"),
            ("中国中医科学院", "institute"),
            ("中国营养学会", "society"),
        ],
        sentences: &[
            "医生将解答大家关心的健康问题，并现场演示心肺复苏等急救技能。",
            "活动倡导合理膳食、适量运动、戒烟限酒、心理平衡的健康生活方式。",
            "通过趣味问答和互动游戏，让孩子们学会保护自己的身体。",
            "营养师现场搭配健康餐盘，教大家读懂食品营养标签。",
            "专家讲解疫苗接种的科学原理，解答公众关心的免疫问题。",
        ],
    },
    ThemeSeed {
        id: "safety",
        name: "应急安全",
        color: "#b3261e",
        description: "学习应急避险与自救互救知识，提高全社会安全意识和应急能力。",
        subjects: &[
            "应急避险",
            "消防安全",
            "自救互救",
            "校园安全",
            "交通安全",
            "家庭应急包",
            "防溺水",
        ],
        organizers: &[
            ("应急管理部", "government"),
            ("中国消防协会", "society"),
            ("国家应急管理科普基地", "base"),
            ("中国安全生产科学研究院", "institute"),
        ],
        sentences: &[
            "消防员现场教学灭火器的正确使用方法，并组织疏散演练。",
            "活动通过情景模拟，让公众掌握火灾、地震、洪水等灾害中的避险要领。",
            "讲解家庭应急物资的准备方法，帮助每个家庭做好应急准备。",
            "应急救援队员现场演示绳索救援、破拆等专业救援技术。",
            "活动设置安全体验馆，公众可以体验烟雾逃生、高空坠落防护等项目。",
        ],
    },
    ThemeSeed {
        id: "ecology",
        name: "生态环境",
        color: "#2f6b1f",
        description: "认识生物多样性，守护绿水青山，践行绿色低碳生活。",
        subjects: &[
            "生物多样性",
            "垃圾分类",
            "湿地保护",
            "野生动物保护",
            "观鸟与自然笔记",
            "美丽中国",
            "海洋生态",
        ],
        organizers: &[
            ("生态环境部", "government"),
            ("中国环境科学学会", "society"),
            ("中国科学院动物研究所", "institute"),
            ("北京林业大学", "university"),
            ("国家植物园", "base"),
        ],
        sentences: &[
            "自然导师带领大家观察身边的植物和鸟类，记录城市里的生物多样性。",
            "活动介绍垃圾分类的意义与方法，倡导减塑和循环利用。",
            "通过标本展示和科普讲座，了解珍稀野生动物的保护故事。",
            "湿地保护区开放参观，科研人员介绍候鸟迁徙与湿地生态。",
            "活动带领公众认识海洋生态系统，倡导保护海洋、减少塑料污染。",
        ],
    },
    ThemeSeed {
        id: "carbon",
        name: "碳达峰碳中和",
        color: "#0b6b63",
        description: "理解碳达峰碳中和，了解新能源与节能降碳，从身边做起。",
        subjects: &[
            "碳达峰碳中和",
            "新能源汽车",
            "光伏与风电",
            "节能降碳",
            "低碳生活",
            "氢能",
            "碳中和与未来城市",
        ],
        organizers: &[
            ("国家电网有限公司", "enterprise"),
            ("中国能源研究会", "society"),
            ("华北电力大学", "university"),
            ("中国科学院电工研究所", "institute"),
            ("国家能源集团", "enterprise"),
        ],
        sentences: &[
            "专家用生动的案例讲解什么是碳达峰、碳中和，以及每个人能做什么。",
            "参观者可以体验光伏发电和储能装置，了解新能源如何走进千家万户。",
            "活动发布低碳生活倡议，鼓励绿色出行、节约用电。",
            "工程师讲解风电场和光伏电站的工作原理，展示清洁能源的发展成就。",
            "通过碳足迹计算小游戏，帮助家庭了解日常生活中的碳排放。",
        ],
    },
    ThemeSeed {
        id: "rural",
        name: "乡村振兴",
        color: "#8a4b00",
        description: "科技助力乡村振兴，普及农业科技与农村实用技术。",
        subjects: &[
            "智慧农业",
            "种业振兴",
            "农技下乡",
            "科技小院",
            "乡村科普大篷车",
            "农产品质量安全",
            "田间课堂",
        ],
        organizers: &[
            ("农业农村部", "government"),
            ("中国农学会", "society"),
            ("中国农业大学", "university"),
            ("中国农业科学院", "institute"),
            ("农村专业技术协会", "association"),
        ],
        sentences: &[
            "农技专家走进田间地头，现场指导病虫害绿色防控技术。",
            "活动展示无人机植保、智能灌溉等智慧农业新技术。",
            "科普大篷车开进乡村学校，为孩子们带来有趣的科学实验。",
            "科技特派员讲解优良品种选育和高效栽培技术，助力农民增收。",
            "活动介绍农产品质量安全检测方法，让大家吃得放心。",
        ],
    },
    ThemeSeed {
        id: "weather",
        name: "气象科普",
        color: "#1d4fc4",
        description: "读懂天气与气候，了解气象防灾减灾，应对气候变化。",
        subjects: &[
            "走进气象台",
            "天气预报是怎样做出来的",
            "气候变化",
            "台风与暴雨",
            "气象卫星",
            "二十四节气",
            "云的秘密",
        ],
        organizers: &[
            ("中国气象局", "government"),
            ("中国气象学会", "society"),
            ("中国气象科学研究院", "institute"),
            ("南京信息工程大学", "university"),
        ],
        sentences: &[
            "气象台开放参观，预报员讲解天气预报的制作过程。",
            "活动介绍风云气象卫星如何从太空观测地球。",
            "通过互动实验，孩子们可以亲手制造一朵“云”。",
            "专家解读台风、暴雨等灾害性天气的形成原因和防御要点。",
            "活动讲解二十四节气中的气象智慧，感受传统文化与现代科学的结合。",
        ],
    },
    ThemeSeed {
        id: "quake",
        name: "防震减灾",
        color: "#9a3412",
        description: "了解地震知识，学习防震避险技能，提高防震减灾意识。",
        subjects: &[
            "地震科普",
            "防震避险演练",
            "地震预警",
            "地震台站开放",
            "抗震建筑",
            "地球的脉动",
        ],
        organizers: &[
            ("中国地震局", "government"),
            ("中国地震学会", "society"),
            ("中国地震局地球物理研究所", "institute"),
            ("国家地震科普教育基地", "base"),
        ],
        sentences: &[
            "地震台站向公众开放，讲解地震监测仪器如何记录大地的震动。",
            "活动通过地震体验平台，教大家在地震发生时如何正确避险。",
            "专家介绍地震预警系统如何为公众争取宝贵的逃生时间。",
            "活动展示抗震建筑模型，讲解房屋如何在地震中“站得稳”。",
            "学校组织防震避险演练，让学生熟悉疏散路线和避险动作。",
        ],
    },
    ThemeSeed {
        id: "space",
        name: "航天科普",
        color: "#3b35b8",
        description: "探索宇宙与航天科技，追寻中国航天的足迹。",
        subjects: &[
            "中国空间站",
            "天问一号与火星探测",
            "嫦娥探月",
            "航天员的太空生活",
            "北斗导航",
            "火箭是怎样飞上天的",
            "星空观测",
        ],
        organizers: &[
            ("国家航天局", "government"),
            ("中国宇航学会", "society"),
            ("中国航天科技集团有限公司", "enterprise"),
            ("北京航空航天大学", "university"),
            ("中国科学院国家天文台", "institute"),
        ],
        sentences: &[
            "航天专家讲述中国空间站建造背后的故事，解答航天员在太空如何生活。",
            "现场展出火箭与探测器模型，带大家了解天问一号的火星之旅。",
            "天文爱好者带领公众用望远镜观测月球和行星。",
            "北斗导航专家讲解卫星导航如何服务交通、农业和日常出行。",
            "活动回顾嫦娥探月工程的历程，展示月球样品研究的最新成果。",
        ],
    },
];

pub const EVENT_KINDS: &[(&str, &str)] = &[
    ("beijing-main", "北京主场"),
    ("ministry-main", "部委主场"),
    ("provincial-main", "省级主场"),
    ("cloud", "云上科普日"),
    ("open-day", "公众科学素质促进开放日"),
];

/// What titles end with, by how the activity is held. Only open days end with 开放日.
pub const ONLINE_SUFFIXES: &[&str] = &[
    "线上直播课",
    "云讲堂",
    "科普直播",
    "线上知识竞赛",
    "云展览",
    "网络公开课",
];
pub const OFFLINE_SUFFIXES: &[&str] = &[
    "科普讲座",
    "主题展览",
    "互动体验营",
    "科普剧场",
    "研学活动",
    "亲子工作坊",
    "专家面对面",
    "知识竞赛",
];

/// Who an activity suits, the last paragraph of a description.
pub const AUDIENCES: &[&str] = &[
    "适合小学及以上青少年在家长陪同下参加。",
    "面向社会公众，欢迎全家一起参与。",
    "适合对科学感兴趣的中学生和大学生参加。",
    "面向社区居民和老年朋友，讲解通俗易懂。",
    "面向科技爱好者和教师，可作为科学课程的拓展资源。",
];

/// Local organisers, by type, made from a city or province name.
pub const LOCAL_ORGANIZERS: &[(&str, &str)] = &[
    ("{province}科学技术协会", "association"),
    ("{city}科学技术协会", "association"),
    ("{city}科技馆", "museum"),
    ("{city}青少年科技中心", "base"),
    ("{city}图书馆", "base"),
    ("{province}科普作家协会", "society"),
];

/// Real science venues, by city code, that offline activities in those cities sometimes use.
pub const LANDMARK_VENUES: &[(&str, &str, &str)] = &[
    ("110105", "中国科学技术馆", "北京市朝阳区北辰东路5号"),
    (
        "110108",
        "中国科学院科学家精神教育基地",
        "北京市海淀区中关村北一条15号",
    ),
    ("310115", "上海科技馆", "上海市浦东新区世纪大道2000号"),
    ("440100", "广东科学中心", "广东省广州市番禺区西环路168号"),
    ("440300", "深圳市科学馆", "广东省深圳市福田区上步中路1003号"),
    (
        "330100",
        "浙江省科技馆",
        "浙江省杭州市西湖区西湖文化广场21号",
    ),
    ("320100", "南京科技馆", "江苏省南京市雨花台区紫荆花路9号"),
    ("510100", "四川科技馆", "四川省成都市青羊区人民中路一段16号"),
    ("420100", "湖北省科学技术馆", "湖北省武汉市武昌区公正路1号"),
    ("610100", "陕西科学技术馆", "陕西省西安市新城区新城广场西侧"),
    ("500105", "重庆科技馆", "重庆市江北区江北城文星门街7号"),
    ("120103", "天津科学技术馆", "天津市河西区隆昌路94号"),
    ("370100", "山东省科技馆", "山东省济南市历下区经十路17577号"),
    (
        "410100",
        "河南省科学技术馆",
        "河南省郑州市郑东新区平安大道与天泽街交叉口",
    ),
];

pub const VENUES: &[&str] = &[
    "{city}科技馆",
    "{city}青少年科技中心",
    "{city}图书馆报告厅",
    "{city}市民广场",
    "{city}博物馆",
    "{city}文化中心",
];
pub const ROADS: &[&str] = &[
    "人民路",
    "解放路",
    "科技路",
    "中山路",
    "建设大道",
    "学府路",
    "文化路",
    "创新大道",
    "滨江路",
    "长安街",
];

pub const OPEN_DAY_SENTENCE: &str =
    "公众科学素质促进开放日期间，实验室、科研场所向公众免费开放，欢迎预约参观。";
pub const ONLINE_SENTENCE: &str = "活动同步在线上直播，观众可通过活动链接观看并参与互动问答。";
pub const REGISTRATION_SENTENCE: &str = "本活动名额有限，请提前报名，凭报名信息入场。";
