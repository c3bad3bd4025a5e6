//! Column roles: what a column means to the rules, and the header names real exports give it.
//!
//! One const table, [`ROLES`]. A header is matched after [`normalize_header`]: exactly equal to a
//! synonym is a sure match, containing one is a likely one (unless it also contains a word of the
//! role's `avoid` list, so that 户主证件号码 is not taken for the member's 证件号码).

use serde::Serialize;

/// A role a column can play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    County,
    Township,
    Village,
    HouseholdId,
    PersonNo,
    Name,
    Gender,
    PersonId,
    IdType,
    BirthDate,
    HouseholdSize,
    Relation,
    Ethnicity,
    Education,
    Schooling,
    Health,
    Labour,
    WorkStatus,
    WorkMonths,
    HouseholdType,
    ExitStatus,
    ExitYear,
    PovertyCause,
    Income,
    Phone,
    BankName,
    BankCard,
    HouseholdKind,
    MonitorCategory,
    MedicalResident,
    MedicalEmployee,
    PensionResident,
    PensionEmployee,
    MemberPhone,
    HeadName,
    HeadId,
    Year,
    DataDate,
    Helper,
    WorkPlace,
    // The 防返贫监测 export (2021 onwards).
    Risk1,
    Risk2,
    Risk3,
    Risk4,
    Risk5,
    RiskNote,
    RiskRemoved,
    RemovalMethod,
    IdentifiedDate,
    RemovedDate,
    DilapidatedHouse,
    SafeWater,
    OutOfSchool,
    UninsuredMember,
    NotInSchoolReason,
    CriticalIllnessInsurance,
    Dibao,
    SpecialSupport,
    WageIncome,
    BusinessIncome,
    PropertyIncome,
    TransferIncome,
    BusinessExpense,
    MedicalExpense,
    NetIncome,
    Measures,
    MeasureIndustry,
    MeasureEmployment,
    MeasurePublicPost,
    MeasureHealth,
    MeasureEducation,
    MeasureCompulsoryEducation,
    MeasureHousing,
    MeasureWater,
    MeasureSocialSecurity,
    MeasureSocial,
    MeasureFinance,
    MeasureRelocation,
    MeasureLivingConditions,
    MeasureInfrastructure,
    PublicPost,
    PublicPostMonths,
    WorkCounty,
    EmploymentChannel,
    // What fuping's checks read beyond the first monitoring block: the 风险消除后… block, the
    // collector, household conditions and land.
    AfterOutOfSchool,
    AfterHouseDamaged,
    AfterUninsured,
    AfterWaterDamaged,
    AfterWageIncome,
    AfterPropertyIncome,
    AfterTransferIncome,
    AfterBusinessIncome,
    AfterBusinessExpense,
    AfterNetIncome,
    AfterIncomePerCapita,
    AfterClaimIncome,
    AfterMedicalExpense,
    Collector,
    CollectorPhone,
    Electricity,
    DevelopmentMeasure,
    PublicPostHired,
    RoadHardened,
    FloorArea,
    RoadDistance,
    ArableLand,
    ForestLand,
    ReturnedFarmland,
    // The 务工监测 table beside the person export (see `work`).
    WorkStart,
    WorkEnd,
    WorkDone,
    WorkMonthlyIncome,
    // Why a person joined or left the register (period comparison).
    ChangeReason,
}

/// How a role is recognised in a header row.
pub struct RoleDef {
    pub role: Role,
    /// Stable key used in reports and profiles.
    pub key: &'static str,
    /// The name shown to users.
    pub zh: &'static str,
    pub en: &'static str,
    /// Header names, already normalised (see [`normalize_header`]); the first is canonical.
    pub synonyms: &'static [&'static str],
    /// Words that disqualify a header that merely contains a synonym.
    pub avoid: &'static [&'static str],
}

const HEAD: &[&str] = &["户主", "家庭", "开户", "联系"];

/// Every role, in the order a generated register writes its columns.
pub const ROLES: &[RoleDef] = &[
    RoleDef {
        role: Role::County,
        key: "county",
        zh: "县",
        en: "County",
        synonyms: &["县", "县(市、区、旗)", "县(市、区)", "县区", "区县", "所在县", "county"],
        avoid: &["务工"],
    },
    RoleDef {
        role: Role::Township,
        key: "township",
        zh: "乡镇",
        en: "Township",
        synonyms: &["乡镇", "镇(乡)", "乡(镇)", "乡", "镇", "乡镇(街道)", "所在镇", "township", "town"],
        avoid: &["务工", "县"],
    },
    RoleDef {
        role: Role::Village,
        key: "village",
        zh: "行政村",
        en: "Village",
        synonyms: &["行政村", "村", "村名", "所在村", "village"],
        avoid: &["自然村", "距离", "村民", "乡村"],
    },
    RoleDef {
        role: Role::HouseholdId,
        key: "household-id",
        zh: "户编号",
        en: "Household ID",
        synonyms: &["户编号", "贫困户编号", "户号", "家庭编号", "户码", "户编码", "householdid", "familyid", "hh_id"],
        avoid: &[],
    },
    RoleDef {
        role: Role::PersonNo,
        key: "person-no",
        zh: "人编号",
        en: "Person number",
        synonyms: &["人编号", "人口编号", "人员编号", "人编码", "人员编码", "personno", "personid"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Name,
        key: "name",
        zh: "姓名",
        en: "Name",
        synonyms: &["姓名", "成员姓名", "人员姓名", "name", "fullname"],
        avoid: &["户主", "公安", "联系人", "帮扶"],
    },
    RoleDef {
        role: Role::Gender,
        key: "gender",
        zh: "性别",
        en: "Sex",
        synonyms: &["性别", "sex", "gender"],
        avoid: &["公安"],
    },
    RoleDef {
        role: Role::PersonId,
        key: "person-id",
        zh: "证件号码",
        en: "ID number",
        synonyms: &[
            "证件号码",
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "身份证件号码",
            "证件号",
            "身份证",
            "idnumber",
            "idcard",
            "idcardno",
            "idno",
            "cardnumber",
            "sfzh",
        ],
        avoid: &["户主", "联系", "残疾"],
    },
    RoleDef {
        role: Role::IdType,
        key: "id-type",
        zh: "证件类型",
        en: "ID type",
        synonyms: &["证件类型", "idtype"],
        avoid: &[],
    },
    RoleDef {
        role: Role::BirthDate,
        key: "birth-date",
        zh: "出生日期",
        en: "Birth date",
        synonyms: &["出生日期", "出生年月", "出生年月日", "birthdate", "dateofbirth"],
        avoid: &[],
    },
    RoleDef {
        role: Role::HouseholdSize,
        key: "household-size",
        zh: "人数",
        en: "Household size",
        // 当前家庭人口数 is the size now, which the member rows of an export list; 年度家庭人口数
        // (the size at the year's assessment) is left unmapped, offered only as a suggestion.
        synonyms: &[
            "人数",
            "家庭人口数",
            "人口数",
            "当前家庭人口数",
            "家庭人数",
            "户人数",
            "户人口数",
            "家庭人口",
            "householdsize",
            "familysize",
        ],
        avoid: &["务工", "劳动力", "年度", "低保", "特困", "残疾", "总", "监测", "脱贫"],
    },
    RoleDef {
        role: Role::Relation,
        key: "relation",
        zh: "与户主关系",
        en: "Relation to head",
        synonyms: &["与户主关系", "与户主的关系", "家庭关系", "relation"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Ethnicity,
        key: "ethnicity",
        zh: "民族",
        en: "Ethnicity",
        synonyms: &["民族", "ethnicity"],
        avoid: &["公安"],
    },
    RoleDef {
        role: Role::Education,
        key: "education",
        zh: "文化程度",
        en: "Education",
        synonyms: &["文化程度", "学历", "education"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Schooling,
        key: "schooling",
        zh: "在校生状况",
        en: "Schooling",
        synonyms: &["在校生状况", "在校生情况", "在校状况", "schooling"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Health,
        key: "health",
        zh: "健康状况",
        en: "Health",
        synonyms: &["健康状况", "health"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Labour,
        key: "labour",
        zh: "劳动技能",
        en: "Labour ability",
        synonyms: &["劳动技能", "劳动能力", "labour", "labor"],
        avoid: &[],
    },
    RoleDef {
        role: Role::WorkStatus,
        key: "work-status",
        zh: "务工状况",
        en: "Work status",
        synonyms: &["务工状况", "务工情况", "workstatus"],
        avoid: &["时间", "地点", "所在", "计划"],
    },
    RoleDef {
        role: Role::WorkMonths,
        key: "work-months",
        zh: "务工时间（月）",
        en: "Months worked",
        synonyms: &["务工时间(月)", "务工时间", "务工月数", "workmonths"],
        avoid: &[],
    },
    RoleDef {
        role: Role::HouseholdType,
        key: "household-type",
        zh: "贫困户属性",
        en: "Household type",
        synonyms: &["贫困户属性", "户属性", "householdtype"],
        avoid: &[],
    },
    RoleDef {
        role: Role::ExitStatus,
        key: "exit-status",
        zh: "脱贫属性",
        en: "Exit status",
        synonyms: &["脱贫属性", "脱贫状态", "脱贫标志", "exitstatus"],
        avoid: &[],
    },
    RoleDef {
        role: Role::ExitYear,
        key: "exit-year",
        zh: "脱贫年度",
        en: "Exit year",
        synonyms: &["脱贫年度", "脱贫年份", "exityear"],
        avoid: &["计划"],
    },
    RoleDef {
        role: Role::PovertyCause,
        key: "poverty-cause",
        zh: "主要致贫原因",
        en: "Main cause of poverty",
        synonyms: &["主要致贫原因", "致贫原因", "致贫原因1", "povertycause"],
        avoid: &["其他"],
    },
    RoleDef {
        role: Role::Income,
        key: "income",
        zh: "人均纯收入",
        en: "Per-capita net income",
        synonyms: &["人均纯收入", "人均纯收入(元)", "家庭人均纯收入", "income"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Phone,
        key: "phone",
        zh: "联系电话",
        en: "Phone",
        synonyms: &["联系电话", "户联系电话", "电话", "手机号", "手机号码", "phone", "tel", "telephone", "mobile"],
        avoid: &["成员", "人联系", "个人", "本人"],
    },
    RoleDef {
        role: Role::BankName,
        key: "bank-name",
        zh: "开户银行名称",
        en: "Bank",
        synonyms: &["开户银行名称", "开户银行", "开户行", "bank"],
        avoid: &["卡号", "账号"],
    },
    RoleDef {
        role: Role::BankCard,
        key: "bank-card",
        zh: "银行卡号",
        en: "Bank card",
        synonyms: &["银行卡号", "银行账号", "卡号", "存折号", "bankcard"],
        avoid: &[],
    },
    RoleDef {
        role: Role::HouseholdKind,
        key: "household-kind",
        zh: "户类型",
        en: "Household kind",
        synonyms: &["户类型", "农户类型", "householdkind"],
        avoid: &["公安", "监测"],
    },
    RoleDef {
        role: Role::MonitorCategory,
        key: "monitor-category",
        zh: "监测对象类别",
        en: "Monitoring category",
        synonyms: &[
            "监测对象类别",
            "监测对象类型",
            "易返贫致贫户(监测对象)类型",
            "监测类型",
            "监测户类型",
            "monitorcategory",
        ],
        avoid: &[],
    },
    RoleDef {
        role: Role::MedicalResident,
        key: "medical-resident",
        zh: "城乡居民基本医疗保险",
        en: "Residents' medical insurance",
        synonyms: &[
            "是否参加城乡居民基本医疗保险",
            "城乡居民基本医疗保险",
            "城乡居民医保",
            "是否参加新农合",
            "新农合",
            "是否参加新型农村合作医疗",
            "新型农村合作医疗",
        ],
        avoid: &[],
    },
    RoleDef {
        role: Role::MedicalEmployee,
        key: "medical-employee",
        zh: "城镇职工基本医疗保险",
        en: "Employees' medical insurance",
        synonyms: &["是否参加城镇职工基本医疗保险", "城镇职工基本医疗保险", "职工医保"],
        avoid: &[],
    },
    RoleDef {
        role: Role::PensionResident,
        key: "pension-resident",
        zh: "城乡居民基本养老保险",
        en: "Residents' pension",
        synonyms: &[
            "是否参加城乡居民基本养老保险",
            "城乡居民基本养老保险",
            "城乡居民养老保险",
            "是否参加新型养老保险",
            "新型养老保险",
            "是否参加新型农村社会养老保险",
            "新农保",
        ],
        avoid: &[],
    },
    RoleDef {
        role: Role::PensionEmployee,
        key: "pension-employee",
        zh: "城镇职工基本养老保险",
        en: "Employees' pension",
        synonyms: &["是否参加城镇职工基本养老保险", "城镇职工基本养老保险", "职工养老保险"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MemberPhone,
        key: "member-phone",
        zh: "家庭成员联系电话",
        en: "Member's phone",
        synonyms: &["家庭成员联系电话", "成员联系电话", "人联系电话", "个人联系电话", "本人联系电话", "memberphone"],
        avoid: &[],
    },
    // Exports repeat the head on every member row; a household list names its head only here.
    RoleDef {
        role: Role::HeadName,
        key: "head-name",
        zh: "户主姓名",
        en: "Head's name",
        synonyms: &["户主姓名", "户主名称", "户主名字", "headname"],
        avoid: &["证件", "身份", "号码", "电话", "关系"],
    },
    RoleDef {
        role: Role::HeadId,
        key: "head-id",
        zh: "户主证件号码",
        en: "Head's ID number",
        synonyms: &["户主证件号码", "户主身份证号", "户主身份证号码", "户主公民身份号码", "户主证件号", "headid"],
        avoid: &["姓名", "电话"],
    },
    // Merged exports of several years: 2017年底, 2019, 2020年.
    RoleDef {
        role: Role::Year,
        key: "year",
        zh: "年度",
        en: "Year",
        synonyms: &["年度", "变更年度", "数据年度", "统计年度", "年份", "year"],
        avoid: &["脱贫", "计划", "出生", "收入", "务工", "人口", "人数"],
    },
    RoleDef {
        role: Role::DataDate,
        key: "data-date",
        zh: "数据日期",
        en: "Data date",
        synonyms: &["数据日期", "统计日期", "数据截止日期", "截止日期", "datadate"],
        avoid: &["出生"],
    },
    RoleDef {
        role: Role::Helper,
        key: "helper",
        zh: "帮扶责任人",
        en: "Assigned helper",
        synonyms: &["帮扶责任人", "帮扶责任人姓名", "帮扶人", "helper"],
        avoid: &["电话", "单位", "职务"],
    },
    RoleDef {
        role: Role::WorkPlace,
        key: "work-place",
        zh: "务工所在地",
        en: "Place of work",
        // A place name (广东省深圳市, 本县), not a 务工状况 code.
        synonyms: &["务工所在地", "务工地点", "务工地", "务工所在省", "务工所在市", "workplace"],
        avoid: &["计划", "时间", "收入"],
    },
    // The 防返贫监测 export (2021 onwards): header spellings as Guizhou's export writes them.
    RoleDef {
        role: Role::Risk1,
        key: "risk-1",
        zh: "致贫/返贫风险1",
        en: "Risk 1",
        synonyms: &["致贫/返贫风险1", "返贫/致贫风险1", "致贫返贫风险1", "返贫致贫风险1", "风险1", "risk1"],
        avoid: &["消除"],
    },
    RoleDef {
        role: Role::Risk2,
        key: "risk-2",
        zh: "致贫/返贫风险2",
        en: "Risk 2",
        synonyms: &["致贫/返贫风险2", "返贫/致贫风险2", "致贫返贫风险2", "返贫致贫风险2", "风险2", "risk2"],
        avoid: &["消除"],
    },
    RoleDef {
        role: Role::Risk3,
        key: "risk-3",
        zh: "致贫/返贫风险3",
        en: "Risk 3",
        synonyms: &["致贫/返贫风险3", "返贫/致贫风险3", "致贫返贫风险3", "返贫致贫风险3", "风险3", "risk3"],
        avoid: &["消除"],
    },
    RoleDef {
        role: Role::Risk4,
        key: "risk-4",
        zh: "致贫/返贫风险4",
        en: "Risk 4",
        synonyms: &["致贫/返贫风险4", "返贫/致贫风险4", "致贫返贫风险4", "返贫致贫风险4", "风险4", "risk4"],
        avoid: &["消除"],
    },
    RoleDef {
        role: Role::Risk5,
        key: "risk-5",
        zh: "致贫/返贫风险5",
        en: "Risk 5",
        synonyms: &["致贫/返贫风险5", "返贫/致贫风险5", "致贫返贫风险5", "返贫致贫风险5", "风险5", "risk5"],
        avoid: &["消除"],
    },
    RoleDef {
        role: Role::RiskNote,
        key: "risk-note",
        zh: "其他备注",
        en: "Other risk note",
        synonyms: &["其他备注"],
        avoid: &["帮扶", "岗位"],
    },
    RoleDef {
        role: Role::RiskRemoved,
        key: "risk-removed",
        zh: "风险是否已消除",
        en: "Risk removed",
        synonyms: &["风险是否已消除", "风险是否消除", "riskremoved"],
        avoid: &[],
    },
    RoleDef {
        role: Role::RemovalMethod,
        key: "removal-method",
        zh: "风险消除方式",
        en: "How the risk was removed",
        synonyms: &["风险消除方式", "消除方式", "removalmethod"],
        avoid: &[],
    },
    RoleDef {
        role: Role::IdentifiedDate,
        key: "identified-date",
        zh: "识别监测时间",
        en: "Identified for monitoring",
        synonyms: &["识别监测时间", "风险识别时间", "纳入监测时间", "identifieddate"],
        avoid: &["首次", "人员"],
    },
    RoleDef {
        role: Role::RemovedDate,
        key: "removed-date",
        zh: "风险消除时间",
        en: "Risk removed on",
        synonyms: &["风险消除时间", "消除监测时间", "removeddate"],
        avoid: &[],
    },
    RoleDef {
        role: Role::DilapidatedHouse,
        key: "dilapidated-house",
        zh: "是否危房户",
        en: "Dilapidated house",
        synonyms: &["是否危房户", "危房户", "是否危房", "dilapidatedhouse"],
        avoid: &["数", "消除后"],
    },
    RoleDef {
        role: Role::SafeWater,
        key: "safe-water",
        zh: "是否解决安全饮用水",
        en: "Safe drinking water",
        synonyms: &["是否解决安全饮用水", "是否解决安全饮水", "安全饮用水", "safewater"],
        avoid: &["消除后", "数"],
    },
    RoleDef {
        role: Role::OutOfSchool,
        key: "out-of-school",
        zh: "是否义务教育阶段适龄儿童少年失学辍学",
        en: "A child out of compulsory school",
        synonyms: &[
            "是否义务教育阶段适龄儿童少年失学辍学",
            "义务教育阶段适龄儿童少年失学辍学",
            "是否失学辍学",
            "outofschool",
        ],
        avoid: &["消除后", "原因"],
    },
    RoleDef {
        role: Role::UninsuredMember,
        key: "uninsured-member",
        zh: "是否有家庭成员未参加城乡居民（职工）基本医疗保险",
        en: "A member without medical insurance",
        synonyms: &[
            "是否有家庭成员未参加城乡居民(职工)基本医疗保险",
            "是否有家庭成员未参加基本医疗保险",
            "uninsuredmember",
        ],
        avoid: &["消除后"],
    },
    RoleDef {
        role: Role::NotInSchoolReason,
        key: "not-in-school-reason",
        zh: "义务教育阶段未上学原因",
        en: "Why not in school",
        synonyms: &["义务教育阶段未上学原因", "未上学原因", "失学或辍学原因", "失学辍学原因", "notinschoolreason"],
        avoid: &[],
    },
    RoleDef {
        role: Role::CriticalIllnessInsurance,
        key: "critical-illness-insurance",
        zh: "是否参加大病保险",
        en: "Critical-illness insurance",
        synonyms: &["是否参加大病保险", "大病保险", "参加大病医疗", "criticalillnessinsurance"],
        avoid: &["救助"],
    },
    RoleDef {
        role: Role::Dibao,
        key: "dibao",
        zh: "享受低保政策情况",
        en: "Minimum living allowance (低保)",
        synonyms: &["享受低保政策情况", "是否享受低保", "低保", "dibao"],
        avoid: &["金", "数", "特困"],
    },
    RoleDef {
        role: Role::SpecialSupport,
        key: "special-support",
        zh: "享受特困供养政策情况",
        en: "Destitute support (特困供养)",
        synonyms: &["享受特困供养政策情况", "是否享受特困供养", "特困供养", "specialsupport"],
        avoid: &["金", "数", "户", "低保"],
    },
    RoleDef {
        role: Role::WageIncome,
        key: "wage-income",
        zh: "工资性收入",
        en: "Wage income",
        synonyms: &["工资性收入", "工资性收入(元)", "wageincome"],
        avoid: &["消除后"],
    },
    RoleDef {
        role: Role::BusinessIncome,
        key: "business-income",
        zh: "生产经营性收入",
        en: "Business income",
        synonyms: &["生产经营性收入", "生产经营性收入(元)", "经营性收入", "businessincome"],
        avoid: &["消除后"],
    },
    RoleDef {
        role: Role::PropertyIncome,
        key: "property-income",
        zh: "财产性收入",
        en: "Property income",
        synonyms: &["财产性收入", "财产性收入(元)", "propertyincome"],
        avoid: &["消除后"],
    },
    RoleDef {
        role: Role::TransferIncome,
        key: "transfer-income",
        zh: "转移性收入",
        en: "Transfer income",
        synonyms: &["转移性收入", "转移性收入(元)", "transferincome"],
        avoid: &["消除后"],
    },
    RoleDef {
        role: Role::BusinessExpense,
        key: "business-expense",
        zh: "生产经营性支出",
        en: "Business expenses",
        synonyms: &["生产经营性支出", "生产经营性支出(元)", "businessexpense"],
        avoid: &["消除后"],
    },
    RoleDef {
        role: Role::MedicalExpense,
        key: "medical-expense",
        zh: "合规自付支出",
        en: "Out-of-pocket medical costs",
        synonyms: &["合规自付支出", "合规自付医疗支出", "合规自付支出(元)", "medicalexpense"],
        avoid: &["消除后"],
    },
    RoleDef {
        role: Role::NetIncome,
        key: "net-income",
        zh: "家庭纯收入",
        en: "Household net income",
        synonyms: &["家庭纯收入", "家庭纯收入(元)", "年纯收入", "netincome"],
        avoid: &["人均", "消除后"],
    },
    RoleDef {
        role: Role::Measures,
        key: "measures",
        zh: "帮扶措施",
        en: "Assistance measures",
        synonyms: &["帮扶措施", "享受帮扶措施", "measures"],
        avoid: &["开发式", "备注"],
    },
    RoleDef {
        role: Role::MeasureIndustry,
        key: "measure-industry",
        zh: "产业帮扶",
        en: "Industry measure",
        synonyms: &["产业帮扶"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureEmployment,
        key: "measure-employment",
        zh: "就业帮扶",
        en: "Employment measure",
        synonyms: &["就业帮扶"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasurePublicPost,
        key: "measure-public-post",
        zh: "公益性岗位帮扶",
        en: "Public-post measure",
        synonyms: &["公益性岗位帮扶", "公益岗位帮扶"],
        avoid: &["备注"],
    },
    RoleDef {
        role: Role::MeasureHealth,
        key: "measure-health",
        zh: "健康帮扶",
        en: "Health measure",
        synonyms: &["健康帮扶"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureEducation,
        key: "measure-education",
        zh: "教育帮扶",
        en: "Education measure",
        synonyms: &["教育帮扶"],
        avoid: &["义务"],
    },
    RoleDef {
        role: Role::MeasureCompulsoryEducation,
        key: "measure-compulsory-education",
        zh: "义务教育保障",
        en: "Compulsory-education measure",
        synonyms: &["义务教育保障"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureHousing,
        key: "measure-housing",
        zh: "住房安全保障",
        en: "Housing measure",
        synonyms: &["住房安全保障"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureWater,
        key: "measure-water",
        zh: "饮水安全保障",
        en: "Drinking-water measure",
        synonyms: &["饮水安全保障"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureSocialSecurity,
        key: "measure-social-security",
        zh: "综合保障",
        en: "Social-security measure (综合保障)",
        synonyms: &["综合保障"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureSocial,
        key: "measure-social",
        zh: "社会帮扶",
        en: "Social assistance measure",
        synonyms: &["社会帮扶"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureFinance,
        key: "measure-finance",
        zh: "金融帮扶",
        en: "Finance measure",
        synonyms: &["金融帮扶"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureRelocation,
        key: "measure-relocation",
        zh: "搬迁",
        en: "Relocation measure",
        synonyms: &["搬迁", "易地扶贫搬迁"],
        avoid: &["就业", "后扶", "时间", "安置"],
    },
    RoleDef {
        role: Role::MeasureLivingConditions,
        key: "measure-living-conditions",
        zh: "生产生活条件改善",
        en: "Living-conditions measure",
        synonyms: &["生产生活条件改善"],
        avoid: &[],
    },
    RoleDef {
        role: Role::MeasureInfrastructure,
        key: "measure-infrastructure",
        zh: "基础设施建设",
        en: "Infrastructure measure",
        synonyms: &["基础设施建设"],
        avoid: &[],
    },
    RoleDef {
        role: Role::PublicPost,
        key: "public-post",
        zh: "公益性岗位",
        en: "Public-welfare post",
        synonyms: &["公益性岗位", "聘用公益性岗位", "publicpost"],
        avoid: &["帮扶", "月", "时间", "备注"],
    },
    RoleDef {
        role: Role::PublicPostMonths,
        key: "public-post-months",
        zh: "公益性岗位(月数)",
        en: "Months in a public-welfare post",
        synonyms: &["公益性岗位(月数)", "公益性岗位月数", "公益性岗位(月)", "publicpostmonths"],
        avoid: &[],
    },
    RoleDef {
        role: Role::WorkCounty,
        key: "work-county",
        zh: "务工所在县",
        en: "County of work",
        synonyms: &["务工所在县", "workcounty"],
        avoid: &["计划"],
    },
    RoleDef {
        role: Role::EmploymentChannel,
        key: "employment-channel",
        zh: "就业渠道",
        en: "Employment channel",
        synonyms: &["就业渠道", "就业渠道(易地搬迁后扶使用)", "employmentchannel"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterOutOfSchool,
        key: "after-out-of-school",
        zh: "风险消除后是否义务教育阶段适龄儿童少年失学辍学",
        en: "Out of school after removal",
        synonyms: &[
            "风险消除后是否义务教育阶段适龄儿童少年失学辍学",
            "风险消除后是否有义务教育阶段适龄儿童少年失学辍学",
            "风险消除后失学辍学",
        ],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterHouseDamaged,
        key: "after-house-damaged",
        zh: "风险消除后是否住房损毁",
        en: "House damaged after removal",
        synonyms: &["风险消除后是否住房损毁", "风险消除后住房是否损毁"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterUninsured,
        key: "after-uninsured",
        zh: "风险消除后是否有家庭成员未参加基本医疗保险",
        en: "Member uninsured after removal",
        synonyms: &[
            "风险消除后是否有家庭成员未参加城乡居民(职工)基本医疗保险",
            "风险消除后是否有家庭成员未参加城乡居民基本医疗保险",
            "风险消除后是否有家庭成员未参加基本医疗保险",
        ],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterWaterDamaged,
        key: "after-water-damaged",
        zh: "风险消除后是否饮水设施损毁",
        en: "Water supply damaged after removal",
        synonyms: &["风险消除后是否饮水设施损毁", "风险消除后饮水设施是否损毁"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterWageIncome,
        key: "after-wage-income",
        zh: "风险消除后工资性收入",
        en: "Wage income after removal",
        synonyms: &["风险消除后工资性收入", "风险消除后工资性收入(元)"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterPropertyIncome,
        key: "after-property-income",
        zh: "风险消除后财产性收入",
        en: "Property income after removal",
        synonyms: &["风险消除后财产性收入", "风险消除后财产性收入(元)"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterTransferIncome,
        key: "after-transfer-income",
        zh: "风险消除后转移性收入",
        en: "Transfer income after removal",
        synonyms: &["风险消除后转移性收入", "风险消除后转移性收入(元)"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterBusinessIncome,
        key: "after-business-income",
        zh: "风险消除后生产经营性收入",
        en: "Business income after removal",
        synonyms: &["风险消除后生产经营性收入", "风险消除后生产经营性收入(元)"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterBusinessExpense,
        key: "after-business-expense",
        zh: "风险消除后生产经营性支出",
        en: "Business expense after removal",
        synonyms: &["风险消除后生产经营性支出", "风险消除后生产经营性支出(元)"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterNetIncome,
        key: "after-net-income",
        zh: "风险消除后家庭纯收入",
        en: "Household net income after removal",
        synonyms: &["风险消除后家庭纯收入", "风险消除后家庭纯收入(元)"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterIncomePerCapita,
        key: "after-income-per-capita",
        zh: "风险消除后家庭人均纯收入",
        en: "Net income per head after removal",
        synonyms: &["风险消除后家庭人均纯收入", "风险消除后家庭人均纯收入(元)", "风险消除后人均纯收入"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterClaimIncome,
        key: "after-claim-income",
        zh: "风险消除后理赔收入",
        en: "Insurance claims after removal",
        synonyms: &["风险消除后理赔收入", "风险消除后理赔收入(元)"],
        avoid: &[],
    },
    RoleDef {
        role: Role::AfterMedicalExpense,
        key: "after-medical-expense",
        zh: "风险消除后合规自付支出",
        en: "Eligible out-of-pocket medical cost after removal",
        synonyms: &["风险消除后合规自付支出", "风险消除后合规自付支出(元)"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Collector,
        key: "collector",
        zh: "信息采集人",
        en: "Information collector",
        synonyms: &["信息采集人", "监测联系人", "collector"],
        avoid: &["电话"],
    },
    RoleDef {
        role: Role::CollectorPhone,
        key: "collector-phone",
        zh: "信息采集人联系电话",
        en: "Information collector's phone",
        synonyms: &["信息采集人联系电话", "监测联系人电话", "监测联系人联系电话", "collectorphone"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Electricity,
        key: "electricity",
        zh: "是否通生活用电",
        en: "Household electricity",
        synonyms: &["是否通生活用电", "是否通电", "通生活用电", "electricity"],
        avoid: &["数"],
    },
    RoleDef {
        role: Role::DevelopmentMeasure,
        key: "development-measure",
        zh: "实施开发式帮扶措施情况",
        en: "Development measures taken",
        synonyms: &["实施开发式帮扶措施情况", "是否实施开发式帮扶措施", "developmentmeasure"],
        avoid: &[],
    },
    RoleDef {
        role: Role::PublicPostHired,
        key: "public-post-hired",
        zh: "聘用时间",
        en: "Hired for the post",
        synonyms: &["聘用时间", "公益性岗位聘用时间"],
        avoid: &[],
    },
    RoleDef {
        role: Role::RoadHardened,
        key: "road-hardened",
        zh: "入户道路是否硬化",
        en: "Paved road to the house",
        synonyms: &["入户道路是否硬化", "入户路是否硬化", "roadhardened"],
        avoid: &[],
    },
    RoleDef {
        role: Role::FloorArea,
        key: "floor-area",
        zh: "住房面积",
        en: "Floor area",
        synonyms: &["住房面积", "住房面积(平方米)", "floorarea"],
        avoid: &["人均"],
    },
    RoleDef {
        role: Role::RoadDistance,
        key: "road-distance",
        zh: "与村主干路距离",
        en: "Distance to the village road",
        synonyms: &["与村主干路距离", "与村主干路距离(公里)", "roaddistance"],
        avoid: &[],
    },
    RoleDef {
        role: Role::ArableLand,
        key: "arable-land",
        zh: "耕地面积（亩）",
        en: "Arable land (mu)",
        synonyms: &["耕地面积(亩)", "耕地面积", "arableland"],
        avoid: &["有效灌溉"],
    },
    RoleDef {
        role: Role::ForestLand,
        key: "forest-land",
        zh: "林地面积（亩）",
        en: "Forest land (mu)",
        synonyms: &["林地面积(亩)", "林地面积", "forestland"],
        avoid: &["退耕"],
    },
    RoleDef {
        role: Role::ReturnedFarmland,
        key: "returned-farmland",
        zh: "退耕还林面积（亩）",
        en: "Farmland returned to forest (mu)",
        synonyms: &["退耕还林面积(亩)", "退耕还林面积", "returnedfarmland"],
        avoid: &[],
    },
    RoleDef {
        role: Role::WorkStart,
        key: "work-start",
        zh: "开始时间",
        en: "Work started",
        synonyms: &["开始时间", "务工开始时间", "workstart"],
        avoid: &["计划", "聘用", "识别"],
    },
    RoleDef {
        role: Role::WorkEnd,
        key: "work-end",
        zh: "结束时间",
        en: "Work ended",
        synonyms: &["结束时间", "务工结束时间", "workend"],
        avoid: &["计划", "聘用"],
    },
    RoleDef {
        role: Role::WorkDone,
        key: "work-done",
        zh: "是否已务工",
        en: "Has worked",
        synonyms: &["是否已务工", "workdone"],
        avoid: &["计划"],
    },
    RoleDef {
        role: Role::WorkMonthlyIncome,
        key: "work-monthly-income",
        zh: "务工月收入",
        en: "Monthly income from work",
        synonyms: &["务工月收入", "务工月收入(元)", "workmonthlyincome"],
        avoid: &[],
    },
    RoleDef {
        role: Role::ChangeReason,
        key: "change-reason",
        zh: "人员变动情况",
        en: "Member change",
        // 人员变更 (自然增减: 新生儿, 死亡, 嫁入, 嫁出 …) in the 建档立卡 system; 人员状态 in later exports.
        synonyms: &[
            "人员变动情况",
            "人员变动",
            "人员变更",
            "人员变更原因",
            "变更原因",
            "变动原因",
            "减少原因",
            "人员减少原因",
            "增减原因",
            "人员状态",
            "成员状态",
            "人口状态",
            "changereason",
        ],
        avoid: &["公安", "户"],
    },
];

/// Headers that say something about a role without naming it surely, as (normalised
/// fragment, role): a column containing one is offered as a suggestion for the role when
/// nothing else took it, never mapped on its own.
const HINTS: &[(&str, Role)] = &[
    ("年度家庭人口数", Role::HouseholdSize),
    ("人口", Role::HouseholdSize),
    ("号码", Role::PersonId),
    ("身份", Role::PersonId),
    ("id", Role::PersonId),
    ("编号", Role::HouseholdId),
    ("关系", Role::Relation),
    ("名字", Role::Name),
    ("务工", Role::WorkStatus),
    ("电话", Role::Phone),
    ("手机", Role::Phone),
];

/// The role a header that no role claims could be meant for, if it is close to one: it
/// contains a hint, or it differs a little from a synonym (one character left out, added or
/// mistyped in a name of three or more). `unmapped` tells which roles are still free.
pub fn suggest(header: &str, unmapped: impl Fn(Role) -> bool) -> Option<Role> {
    if header.chars().count() < 2 {
        return None;
    }
    let close = ROLES
        .iter()
        .filter(|d| unmapped(d.role))
        .find(|d| d.synonyms.iter().any(|s| s.chars().count() >= 3 && !s.is_ascii() && near(header, s)));
    let hinted = || {
        HINTS
            .iter()
            .find(|(h, r)| {
                unmapped(*r)
                    && header.contains(h)
                    && !r.def().avoid.iter().any(|a| header.contains(a) && !h.contains(a))
            })
            .map(|(_, r)| *r)
    };
    close.map(|d| d.role).or_else(hinted)
}

/// True when `a` and `b` differ by one edit (a character inserted, deleted or replaced).
fn near(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

/// Roles that hold one value per household, see [`Role::is_household`].
pub const HOUSEHOLD_ROLES: [Role; 14] = [
    Role::County,
    Role::Township,
    Role::Village,
    Role::HouseholdSize,
    Role::HouseholdType,
    Role::HouseholdKind,
    Role::MonitorCategory,
    Role::PovertyCause,
    Role::ExitStatus,
    Role::ExitYear,
    Role::Income,
    Role::Phone,
    Role::BankName,
    Role::BankCard,
];

impl Role {
    /// This role's row of [`ROLES`].
    pub fn def(self) -> &'static RoleDef {
        ROLES.iter().find(|d| d.role == self).expect("every role is in ROLES")
    }

    pub fn key(self) -> &'static str {
        self.def().key
    }

    /// True for a column of numbers that exports keep as text by a leading `#` or `'`
    /// (`#43072319…`, `#3125752184`): its values are read without the mark, see `text::number`.
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Role::HouseholdId
                | Role::PersonNo
                | Role::PersonId
                | Role::HeadId
                | Role::Phone
                | Role::BankCard
                | Role::MemberPhone
        )
    }

    /// True for a role that holds one value per household, repeated on each member's row
    /// (联系电话 only when it is the household's phone): what a household list has too.
    pub fn is_household(self) -> bool {
        HOUSEHOLD_ROLES.contains(&self)
    }

    /// The role whose stable key is `key`.
    pub fn from_key(key: &str) -> Option<Role> {
        ROLES.iter().find(|d| d.key == key).map(|d| d.role)
    }
}

/// Header text as compared with synonyms: no white space or line breaks, full-width brackets
/// and letters as ASCII, lower case.
pub fn normalize_header(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{FEFF}' | '*' | '＊'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// How well a normalised header names a role: 2 exact, 1 contains a synonym, 0 not at all.
pub fn match_score(def: &RoleDef, header: &str) -> u8 {
    if def.synonyms.contains(&header) {
        return 2;
    }
    let contains = def.synonyms.iter().any(|s| s.chars().count() >= 2 && header.contains(s));
    if contains
        && !def.avoid.iter().any(|a| header.contains(a))
        && !HEAD.iter().any(|h| header.starts_with(h) && !def.synonyms.iter().any(|s| s.starts_with(h)))
    {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_kebab_case() {
        let mut keys: Vec<_> = ROLES.iter().map(|d| d.key).collect();
        assert!(keys.iter().all(|k| k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')));
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), ROLES.len());
        for (i, d) in ROLES.iter().enumerate() {
            assert_eq!(d.role as usize, i, "ROLES is in Role order, so a role indexes it");
        }
    }

    #[test]
    fn synonyms_are_normalised() {
        for d in ROLES {
            for s in d.synonyms {
                assert_eq!(normalize_header(s), *s, "synonym {s} of {} is not normalised", d.key);
            }
        }
    }

    #[test]
    fn matches_real_headers() {
        let id = Role::PersonId.def();
        assert_eq!(match_score(id, &normalize_header("证件号码")), 2);
        assert_eq!(match_score(id, &normalize_header("公民身份号码\n")), 2);
        assert_eq!(match_score(id, &normalize_header("成员证件号码")), 1);
        assert_eq!(match_score(id, &normalize_header("户主证件号码")), 0);
        let months = Role::WorkMonths.def();
        assert_eq!(match_score(months, &normalize_header("务工时间（月）")), 2);
        assert_eq!(match_score(Role::Name.def(), &normalize_header("户主姓名")), 0);
        assert_eq!(match_score(Role::HouseholdType.def(), &normalize_header("户类型")), 0, "户类型 is 脱贫户/普通农户");
        assert_eq!(match_score(Role::HouseholdKind.def(), &normalize_header("户类型")), 2);
        assert_eq!(match_score(Role::HouseholdKind.def(), &normalize_header("公安户类型")), 0);
        assert_eq!(match_score(Role::Phone.def(), &normalize_header("家庭成员联系电话")), 0);
        assert_eq!(match_score(Role::MemberPhone.def(), &normalize_header("家庭成员联系电话")), 2);
        assert_eq!(match_score(Role::Phone.def(), &normalize_header("户联系电话")), 2);
        assert_eq!(match_score(Role::MedicalResident.def(), &normalize_header("是否参加城乡居民基本医疗保险")), 2);
        assert_eq!(match_score(Role::MedicalResident.def(), &normalize_header("是否参加大病保险")), 0);
        assert_eq!(match_score(Role::PensionEmployee.def(), &normalize_header("是否参加城镇职工基本养老保险")), 2);
    }

    #[test]
    fn the_heads_columns_years_and_household_list_headers() {
        assert_eq!(match_score(Role::HeadId.def(), &normalize_header("户主证件号码")), 2);
        assert_eq!(match_score(Role::HeadName.def(), &normalize_header("户主姓名")), 2);
        assert_eq!(match_score(Role::HeadName.def(), &normalize_header("与户主关系")), 0);
        assert_eq!(match_score(Role::Year.def(), &normalize_header("变更年度")), 2);
        assert_eq!(match_score(Role::Year.def(), &normalize_header("脱贫年度")), 0);
        assert_eq!(match_score(Role::Year.def(), &normalize_header("年度家庭人口数")), 0);
        assert_eq!(match_score(Role::HouseholdSize.def(), &normalize_header("人口数")), 2);
        assert_eq!(match_score(Role::Name.def(), &normalize_header("帮扶责任人姓名")), 0);
        let m = crate::columns::mapping::Mapping::new(
            &["户主姓名", "户主证件号码", "姓名", "证件号码"].map(String::from),
            &Default::default(),
        );
        assert_eq!(
            (m.col(Role::HeadName), m.col(Role::HeadId), m.col(Role::Name), m.col(Role::PersonId)),
            (Some(0), Some(1), Some(2), Some(3))
        );
    }

    #[test]
    fn matches_headers_of_real_exports() {
        let score = |role: Role, h: &str| match_score(role.def(), &normalize_header(h));
        assert_eq!(score(Role::HouseholdSize, "人口数"), 2);
        assert_eq!(score(Role::HouseholdSize, "当前家庭人口数"), 2);
        assert_eq!(score(Role::HouseholdSize, "年度家庭人口数"), 0, "the year's size is not the size now");
        assert_eq!(score(Role::HouseholdSize, "低保人口数"), 0);
        assert_eq!(score(Role::WorkStatus, "务工所在地"), 0, "a place, not a status");
        assert_eq!(score(Role::WorkPlace, "务工所在地"), 2);
        assert_eq!(score(Role::WorkPlace, "务工地点"), 2);
        assert_eq!(score(Role::WorkPlace, "计划务工所在县"), 0);
        assert_eq!(score(Role::County, "务工所在县"), 0);
        assert_eq!(score(Role::PersonId, "cardnumber"), 2);
        assert_eq!(score(Role::PersonId, "ID"), 0, "a bare ID may be any number");
        assert_eq!(score(Role::Name, "name"), 2);
        assert_eq!(score(Role::Phone, "Phone"), 2);
    }

    #[test]
    fn suggests_close_headers_only() {
        let all = |_: Role| true;
        let s = |h: &str| suggest(&normalize_header(h), all);
        assert_eq!(s("身份证号吗"), Some(Role::PersonId), "one character mistyped");
        assert_eq!(s("与户主关"), Some(Role::Relation), "one character left out");
        assert_eq!(s("年度家庭人口数"), Some(Role::HouseholdSize));
        assert_eq!(s("ID"), Some(Role::PersonId));
        assert_eq!(s("操作内容"), None);
        assert_eq!(s("备注"), None);
        assert_ne!(s("户主证件号码"), Some(Role::PersonId), "the head's ID is no member's");
        assert_eq!(suggest("年度家庭人口数", |r| r != Role::HouseholdSize), None, "only for a role still free");
        assert!(near("abcd", "abd") && near("abd", "abcd") && near("abcd", "abxd"));
        assert!(!near("abcd", "abcd") && !near("abcd", "ab") && !near("abcd", "axyd"));
    }
}
