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
        synonyms: &["户编号", "贫困户编号", "户号", "家庭编号", "户码", "householdid"],
        avoid: &[],
    },
    RoleDef {
        role: Role::PersonNo,
        key: "person-no",
        zh: "人编号",
        en: "Person number",
        synonyms: &["人编号", "人口编号", "人员编号", "personno"],
        avoid: &[],
    },
    RoleDef {
        role: Role::Name,
        key: "name",
        zh: "姓名",
        en: "Name",
        synonyms: &["姓名", "成员姓名", "人员姓名", "name"],
        avoid: &["户主", "公安", "联系人"],
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
            "idnumber",
            "idcard",
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
        synonyms: &["人数", "家庭人口数", "家庭人数", "户人数", "家庭人口", "householdsize"],
        avoid: &["务工", "劳动力"],
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
        synonyms: &["务工状况", "务工情况", "务工所在地", "workstatus"],
        avoid: &["时间"],
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
        synonyms: &["联系电话", "户联系电话", "电话", "手机号", "手机号码", "phone"],
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
        synonyms: &["监测对象类别", "监测对象类型", "易返贫致贫户(监测对象)类型", "监测类型", "monitorcategory"],
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
];

impl Role {
    /// This role's row of [`ROLES`].
    pub fn def(self) -> &'static RoleDef {
        ROLES.iter().find(|d| d.role == self).expect("every role is in ROLES")
    }

    pub fn key(self) -> &'static str {
        self.def().key
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
}
