//! The kinds of list a register is compared with: one const table, like the rule registry. A
//! kind says what a match means (its test), how sure that is (severity), how to say it, which of
//! the list's columns to quote, and the words that tell it from a file's name or header.

use crate::base::finding::Severity;
use std::borrow::Cow;

/// What a match (or its absence) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Test {
    /// A register person on the list is a finding (a death, a car, a company …).
    Present,
    /// [`Test::Present`], unless the register already marks the person dead (健康状况 死亡).
    Deceased,
    /// The list's disability certificate vs 健康状况 残疾, both ways.
    Disability,
    /// The list's students vs 在校生状况, both ways, and children of compulsory-school age on
    /// neither.
    Student,
    /// 低保 recipients vs the household's 享受低保政策情况 / 贫困户属性, both ways.
    Dibao,
    /// 特困 recipients vs the household's 享受特困供养政策情况 / 贫困户属性, both ways.
    SpecialSupport,
    /// Members missing from an insurance enrolment list, from the age `min_age` (people still at
    /// school excepted when it is above 0).
    Missing { min_age: i32 },
}

/// One kind of list.
#[derive(Debug)]
pub struct KindDef {
    /// What a caller names the kind by (`--compare FILE:deceased`, `{file, kind: 'deceased'}`).
    pub kind: &'static str,
    /// The stable key of its findings (`list-deceased`), as a rule's key.
    pub key: &'static str,
    pub severity: Severity,
    pub test: Test,
    /// The list's name, for the page's select and the report.
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    /// Message templates: `{list}` the list's file, `{row}` its row, `{shown}` the list's values
    /// quoted (" (号牌号码 贵A12345)" or nothing), `{how}` how the row was matched, `{value}` the
    /// register's value, `{detail}` the kind's own words for what disagrees.
    pub message_zh: &'static str,
    pub message_en: &'static str,
    /// What it finds, why it matters, how to act (Markdown).
    pub doc: &'static str,
    /// The same in Chinese, as a clerk reads it: 查什么, 为什么要紧, 怎么改, 例子.
    pub doc_zh: &'static str,
    /// Words of the list's headers whose columns the message quotes (all columns but ID and name
    /// when empty).
    pub shows: &'static [&'static str],
    /// Words of a file name (then of its header) that make this kind the guess.
    pub names: &'static [&'static str],
}

/// Every built-in kind. The guess tries them in this order, so the narrower words come first
/// (养老 before 参保; 特困 before 低保 for a list of both is no concern: each file is one list).
pub const KINDS: &[KindDef] = &[
    KindDef {
        kind: "deceased",
        key: "list-deceased",
        severity: Severity::Error,
        test: Test::Deceased,
        label_zh: "死亡、注销户籍人员（公安/民政）",
        label_en: "Deaths and cancelled registrations (police, civil affairs)",
        title_zh: "死亡或已注销户籍的人员仍在册",
        title_en: "A person who died or whose registration was cancelled is still listed",
        message_zh: "此人在{list}第 {row} 行{shown}，{how}；花名册仍在册，请核实后办理减员",
        message_en: "on {list} row {row}{shown}, {how}; still in the register: verify and remove the person",
        doc: "The person is on a list of deaths, cremations or cancelled residence registrations \
(公安 户籍注销, 民政 殡葬/火化) and still a member in the register, whose 健康状况 does not say \
死亡. A dead person left in a register keeps drawing the household's benefits and distorts its \
size and income per head. Remove the member (减员) with the date on the list, or, when the list \
is wrong (the same ID reused, a namesake matched by name and birth date), note why.\n\n\
Example: 证件号码 522731194501010017 on 死亡人员名单.xlsx row 8 (死亡日期 2020-03-02).",
        doc_zh: "**查什么：**公安、民政提供的死亡、火化或注销户籍人员名单上的人，在花名册中仍为在册成员，且健康状况没有写“死亡”。\n\n**为什么要紧：**已去世的人留在名册里，户里的人数、人均收入都会算错，还可能继续领取政策待遇。\n\n**怎么改：**核实属实的，按名单上的日期办理减员；如果名单有误（证件号码被重复使用，或只按姓名和出生日期对上、其实不是同一人），写明原因。\n\n**例子：**证件号码 522731194501010017 在“死亡人员名单.xlsx”第 8 行（死亡日期 2020-03-02），花名册中仍在册。",
        shows: &["死亡", "火化", "注销", "日期", "原因"],
        names: &["死亡", "火化", "殡葬", "注销", "身故"],
    },
    KindDef {
        kind: "public-payroll",
        key: "list-public-payroll",
        severity: Severity::Warning,
        test: Test::Present,
        label_zh: "财政供养人员（财政/人社）",
        label_en: "Public payroll (finance, human resources)",
        title_zh: "家庭成员为财政供养人员",
        title_en: "A member is on the public payroll",
        message_zh: "此人在{list}第 {row} 行{shown}，{how}；家庭有财政供养人员，请核实收入和识别条件",
        message_en: "on {list} row {row}{shown}, {how}: a member on the public payroll; verify the household's income and eligibility",
        doc: "A member of the household draws a salary from public funds (公务员, 事业编制, 村干部 \
paid by the county): a 疑点 to verify, since such a household rarely meets the poverty line. \
It may be legitimate (a post taken after 脱贫, a low-paid position): record why.\n\n\
Example: 证件号码 522731198803120021 on 财政供养人员.xlsx row 3 (工作单位 某镇人民政府).",
        doc_zh: "**查什么：**家庭成员在财政供养人员名单上（公务员、事业编制人员、由财政发工资的人员）。\n\n**为什么要紧：**有财政供养人员的家庭一般收入稳定，很少符合识别标准，是需要核实的疑点。\n\n**怎么改：**核实此人的工作和收入。属于合理情况的（脱贫后才参加工作、岗位收入很低等），记录核实结果；不符合条件的按程序处理。\n\n**例子：**证件号码 522731198803120021 在“财政供养人员.xlsx”第 3 行，工作单位为某镇人民政府。",
        shows: &["单位", "职务", "岗位", "编制", "工资"],
        names: &["财政供养", "编制", "公职", "工资统发", "在编"],
    },
    KindDef {
        kind: "vehicle",
        key: "list-vehicle",
        severity: Severity::Warning,
        test: Test::Present,
        label_zh: "机动车登记（公安交管）",
        label_en: "Registered vehicles (traffic police)",
        title_zh: "家庭成员名下有登记车辆",
        title_en: "A member owns a registered vehicle",
        message_zh: "此人名下有车辆{shown}（{list}第 {row} 行，{how}）；请核实车辆类型和家庭经济状况",
        message_en: "owns a vehicle{shown} ({list} row {row}, {how}); verify the kind of vehicle and the household's means",
        doc: "A member owns a vehicle registered with the traffic police. A car (not a farm \
vehicle, tricycle or motorbike) is a 疑点 for a household identified as poor: verify the \
vehicle's kind and value and record the result.\n\n\
Example: 证件号码 522731197603150012 on 车辆登记.xlsx row 12 (号牌号码 贵J·A1234, 车辆类型 小型轿车).",
        doc_zh: "**查什么：**家庭成员名下有公安交管登记的车辆，提示中列出号牌号码和车辆类型。\n\n**为什么要紧：**名下有小轿车等车辆的家庭，是识别和退出时需要核实的疑点。农用车、三轮车、摩托车一般不影响。\n\n**怎么改：**核实车辆类型、价值和用途，记录核实结果。\n\n**例子：**证件号码 522731197603150012 在“车辆登记.xlsx”第 12 行，号牌号码 贵J·A1234，车辆类型 小型轿车。",
        shows: &["号牌", "车牌", "车辆类型", "车型", "品牌", "型号"],
        names: &["车辆", "机动车", "车管", "号牌", "车牌"],
    },
    KindDef {
        kind: "housing",
        key: "list-housing",
        severity: Severity::Warning,
        test: Test::Present,
        label_zh: "商品房登记（住建/不动产）",
        label_en: "Commercial housing (housing, real estate registry)",
        title_zh: "家庭成员购买了商品房",
        title_en: "A member bought commercial housing",
        message_zh: "此人名下有商品房{shown}（{list}第 {row} 行，{how}）；请核实家庭经济状况",
        message_en: "owns commercial housing{shown} ({list} row {row}, {how}); verify the household's means",
        doc: "A member bought or owns commercial housing (商品房, registered with the housing or \
real-estate office). Relocation housing (易地扶贫搬迁安置房) is not commercial housing: check the \
list is the right one. Otherwise a 疑点 about the household's means: verify and record.\n\n\
Example: 证件号码 522731198209020017 on 商品房登记.xlsx row 5 (房屋坐落 某县某小区 3-2-501).",
        doc_zh: "**查什么：**家庭成员名下有住建或不动产登记的商品房，提示中列出房屋坐落和面积。\n\n**为什么要紧：**购买商品房说明家庭经济条件可能较好，是需要核实的疑点。易地扶贫搬迁安置房不是商品房，先确认名单是否用对。\n\n**怎么改：**核实房屋情况和家庭经济状况，记录核实结果。\n\n**例子：**证件号码 522731198209020017 在“商品房登记.xlsx”第 5 行，房屋坐落 某县某小区 3-2-501。",
        shows: &["坐落", "地址", "面积", "楼盘", "项目", "房号"],
        names: &["商品房", "房产", "不动产", "购房", "住房登记"],
    },
    KindDef {
        kind: "business",
        key: "list-business",
        severity: Severity::Warning,
        test: Test::Present,
        label_zh: "工商登记、企业法人和股东（市场监管）",
        label_en: "Registered businesses and company officers (market regulation)",
        title_zh: "家庭成员登记了企业或任企业法人、股东",
        title_en: "A member registered a business or is a company officer",
        message_zh: "此人登记了企业或任职{shown}（{list}第 {row} 行，{how}）；请核实经营情况和收入",
        message_en: "is registered with a business{shown} ({list} row {row}, {how}); verify the business and its income",
        doc: "A member registered a business (个体工商户, a company) or is a company's legal \
representative, shareholder or officer (市场监管 records). A 疑点 about income: many such \
registrations are dormant or tiny; verify and record.\n\n\
Example: 证件号码 522731199001010036 on 企业法人股东.xlsx row 9 (企业名称 某县某某种养殖专业合作社, 职务 法定代表人).",
        doc_zh: "**查什么：**家庭成员在市场监管部门登记了企业或个体工商户，或担任企业的法定代表人、股东、高管。\n\n**为什么要紧：**有经营实体的家庭可能有经营收入，是需要核实的疑点。很多登记的企业已停业或规模很小。\n\n**怎么改：**核实企业是否在经营、收入多少，记录核实结果。\n\n**例子：**证件号码 522731199001010036 在“企业法人股东.xlsx”第 9 行，企业名称 某县某某种养殖专业合作社，职务 法定代表人。",
        shows: &["企业", "名称", "职务", "类型", "注册资本", "信用代码", "状态"],
        names: &["市场监管", "工商", "企业", "法人", "股东", "个体"],
    },
    KindDef {
        kind: "disability",
        key: "list-disability-mismatch",
        severity: Severity::Warning,
        test: Test::Disability,
        label_zh: "残疾人证（残联）",
        label_en: "Disability certificates (disabled persons' federation)",
        title_zh: "残联名单与健康状况不一致",
        title_en: "The disability list and 健康状况 disagree",
        message_zh: "{detail}（{list}{how}）",
        message_en: "{detail} ({list}{how})",
        doc: "The disability federation's certificate holders against the register's 健康状况, \
both ways: a holder whose 健康状况 does not say 残疾 (the register missed a disability, or the \
certificate was revoked), and a member whose 健康状况 says 残疾 who is not on the list (no \
certificate: disability benefits need one). The list's category and grade are quoted; a \
残疾人证号 in the ID column is read as its holder's ID.\n\n\
Example: 残疾人证号 52273119700101001X44 (肢体 四级) for a member whose 健康状况 is 健康.",
        doc_zh: "**查什么：**残联的持证残疾人名单和花名册的“健康状况”对不上，两个方向都查：名单上有残疾人证、但健康状况没有写“残疾”的人；健康状况写了“残疾”、但名单上没有的人。名单上的残疾类别和等级会在提示中列出；证件号码列中的残疾人证号按持证人的身份证号比对。\n\n**为什么要紧：**残疾人的各项补贴要凭残疾人证办理；健康状况填错，会影响致贫原因、劳动能力等信息，也会漏掉应享受的政策。\n\n**怎么改：**持证的，把健康状况改为“残疾”；健康状况写了残疾但没有证的，核实后帮助办证，或更正健康状况。\n\n**例子：**残疾人证号 52273119700101001X44（肢体 四级），花名册中此人的健康状况为“健康”。",
        shows: &["类别", "等级", "残疾"],
        names: &["残联", "残疾"],
    },
    KindDef {
        kind: "student",
        key: "list-student-mismatch",
        severity: Severity::Warning,
        test: Test::Student,
        label_zh: "学籍（教育）",
        label_en: "Student registrations (education)",
        title_zh: "学籍名单与在校生状况不一致",
        title_en: "The student list and 在校生状况 disagree",
        message_zh: "{detail}（{list}{how}）",
        message_en: "{detail} ({list}{how})",
        doc: "The education bureau's student registrations (学籍) against the register's \
在校生状况: a student per the list whom the register does not have at school, and a child of \
compulsory-school age (6–15 at the start of the school year) who is not on the list — at school \
per the register (check the 学籍 and the school), or at school on neither (a possible drop-out, \
控辍保学). Students at university are not on a county's 学籍 list and are not asked about.\n\n\
Example: 证件号码 522731201001010027, 10, 在校生状况 非在校生, not on 学籍名单.xlsx.",
        doc_zh: "**查什么：**教育部门的学籍名单和花名册的“在校生状况”对不上：学籍名单上有、但花名册写“非在校生”的人；6 至 15 岁（义务教育年龄，按学年开始时算）却不在学籍名单上的孩子——花名册写在校的，要核实学籍和学校；花名册也写不在校的，疑似失学辍学。在外读大学的学生不在县里的学籍名单上，不会因此提示。\n\n**为什么要紧：**义务教育有保障是脱贫的基本要求，失学辍学的孩子要及时劝返（控辍保学）；在校生状况也影响教育资助。\n\n**怎么改：**按学籍核实后更正在校生状况；疑似辍学的，报告教育部门跟进劝返。\n\n**例子：**证件号码 522731201001010027，10 岁，在校生状况为“非在校生”，学籍名单上也没有。",
        shows: &["学校", "年级", "学段", "班级", "就读"],
        names: &["学籍", "在校生", "学生", "教育"],
    },
    KindDef {
        kind: "special-support",
        key: "list-special-support-mismatch",
        severity: Severity::Warning,
        test: Test::SpecialSupport,
        label_zh: "特困供养人员（民政）",
        label_en: "Destitute support recipients (civil affairs)",
        title_zh: "特困供养名单与户属性不一致",
        title_en: "The destitute-support list and the household's status disagree",
        message_zh: "{detail}（{list}{how}）",
        message_en: "{detail} ({list}{how})",
        doc: "Civil affairs' 特困供养 (五保) recipients against the register: a recipient whose \
household the register does not mark as 特困供养 (享受特困供养政策情况, or 贫困户属性 such as \
特困供养贫困户, 五保户), and a household marked so of which no member is on the list. Either \
the register or the list is out of date.\n\n\
Example: 户编号 5227310101001 is 特困供养贫困户 but none of its members is on 特困人员.xlsx.",
        doc_zh: "**查什么：**民政的特困供养（五保）人员名单和花名册对不上：名单上有此人，但所在户没有标为特困供养（“享受特困供养政策情况”或贫困户属性如“特困供养贫困户”“五保户”）；花名册标为特困供养的户，名单上却没有这户的任何成员。\n\n**为什么要紧：**两边的政策享受情况应一致，不一致说明其中一方没有及时更新。\n\n**怎么改：**与民政部门核对后，更正花名册的户属性或政策享受情况。\n\n**例子：**户编号 5227310101001 为“特困供养贫困户”，但“特困人员.xlsx”中没有这户的任何成员。",
        shows: &["供养方式", "供养形式", "金额", "标准"],
        names: &["特困", "五保"],
    },
    KindDef {
        kind: "dibao",
        key: "list-dibao-mismatch",
        severity: Severity::Warning,
        test: Test::Dibao,
        label_zh: "低保对象（民政）",
        label_en: "Minimum living allowance recipients (civil affairs)",
        title_zh: "低保名单与户属性不一致",
        title_en: "The 低保 list and the household's status disagree",
        message_zh: "{detail}（{list}{how}）",
        message_en: "{detail} ({list}{how})",
        doc: "Civil affairs' 低保 recipients against the register: a recipient whose household \
the register does not mark as 低保 (享受低保政策情况, or 贫困户属性 such as 低保贫困户), and a \
household marked 低保 of which no member is on the list. Either the register or the list is out \
of date; 低保 is granted per household, so one member on the list covers the household.\n\n\
Example: 证件号码 522731196505050033 on 低保对象.xlsx row 4 (保障金额 450), household 一般贫困户.",
        doc_zh: "**查什么：**民政的低保对象名单和花名册对不上：名单上有此人，但所在户没有标为低保（“享受低保政策情况”或贫困户属性如“低保贫困户”）；花名册标为低保的户，名单上却没有这户的任何成员。低保按户享受，户里有一人在名单上就算这户在名单上。\n\n**为什么要紧：**两边的政策享受情况应一致，不一致说明其中一方没有及时更新。\n\n**怎么改：**与民政部门核对后，更正花名册的户属性或政策享受情况。\n\n**例子：**证件号码 522731196505050033 在“低保对象.xlsx”第 4 行（保障金额 450），但花名册中这户是“一般贫困户”。",
        shows: &["金额", "保障人数", "类别", "类型", "标准"],
        names: &["低保", "最低生活保障"],
    },
    KindDef {
        kind: "pension-insurance",
        key: "list-pension-insurance-missing",
        severity: Severity::Warning,
        test: Test::Missing { min_age: 16 },
        label_zh: "养老保险参保（人社）",
        label_en: "Pension insurance enrolment (human resources and social security)",
        title_zh: "未在养老保险参保名单中",
        title_en: "Not on the pension insurance enrolment list",
        message_zh: "此人 16 岁以上、不在校，未在养老保险参保名单（{list}）中；请核实是否参保{detail}",
        message_en: "16 or older and not at school, not on the pension enrolment list ({list}): verify the enrolment{detail}",
        doc: "Members of 16 and over who are not at school and are not on the pension insurance \
enrolment list (城乡居民 or 职工 基本养老保险, 人社). Every such member should be enrolled (or \
draw a pension); the household's 参保 columns, when the register has them, are quoted. The list \
must cover the register's whole area, or everyone outside it is asked about.\n\n\
Example: 证件号码 522731198001010018, 40, not on 养老保险参保名单.xlsx.",
        doc_zh: "**查什么：**16 岁以上、不在校的成员，不在人社部门的养老保险参保名单上。花名册有参保列的，提示中一并列出。\n\n**为什么要紧：**符合条件的人都应参加城乡居民或职工基本养老保险（或已领取养老金），漏保会影响将来的保障。\n\n**怎么改：**核实是否参保；未参保的，动员参保。注意名单要覆盖花名册的整个地区，否则名单以外地区的人都会被提示。\n\n**例子：**证件号码 522731198001010018，40 岁，不在“养老保险参保名单.xlsx”上。",
        shows: &["险种", "参保", "状态", "缴费"],
        names: &["养老", "人社"],
    },
    KindDef {
        kind: "medical-insurance",
        key: "list-medical-insurance-missing",
        severity: Severity::Warning,
        test: Test::Missing { min_age: 0 },
        label_zh: "医疗保险参保（医保）",
        label_en: "Medical insurance enrolment (healthcare security)",
        title_zh: "未在医疗保险参保名单中",
        title_en: "Not on the medical insurance enrolment list",
        message_zh: "此人未在医疗保险参保名单（{list}）中；请核实是否参保{detail}",
        message_en: "not on the medical enrolment list ({list}): verify the enrolment{detail}",
        doc: "Members who are not on the medical insurance enrolment list (城乡居民 or 职工 基本医疗\
保险, 医保局). Every member of a poor or monitored household must be enrolled (基本医疗有保障); \
the register's 参保 columns, when it has them, are quoted. The list must cover the register's \
whole area, or everyone outside it is asked about.\n\n\
Example: 证件号码 522731201501010024, a child, not on 医保参保名单.xlsx.",
        doc_zh: "**查什么：**不在医保部门的医疗保险参保名单上的成员。花名册有参保列的，提示中一并列出。\n\n**为什么要紧：**脱贫户和监测对象的每个成员都应参加基本医疗保险（基本医疗有保障），漏保的人生病时得不到报销。\n\n**怎么改：**核实是否参保；未参保的，及时办理参保。注意名单要覆盖花名册的整个地区。\n\n**例子：**证件号码 522731201501010024，一个孩子，不在“医保参保名单.xlsx”上。",
        shows: &["险种", "参保", "状态", "缴费"],
        names: &["医保", "医疗保险", "医疗", "参保"],
    },
    KindDef {
        kind: "listed",
        key: "list-listed",
        severity: Severity::Info,
        test: Test::Present,
        label_zh: "其他名单（仅标出在名单上的人）",
        label_en: "Any other list (marks who is on it)",
        title_zh: "在比对名单上",
        title_en: "On a comparison list",
        message_zh: "此人在{list}第 {row} 行{shown}，{how}",
        message_en: "on {list} row {row}{shown}, {how}",
        doc: "The person is on a list of a kind huqing does not know (a department's list added \
as 其他名单): the finding only marks the match, quoting the list's columns, like a VLOOKUP done \
for every row. A province can give such a list its own kind, with a severity and words, in its \
profile (`compare_kinds`, see profile.md).",
        doc_zh: "**查什么：**此人在一份其他名单上（没有选择名单种类、也判断不出种类的名单）。提示只标出对上的人，并列出名单上的其他列，相当于替每一行做了一次 VLOOKUP。\n\n**为什么要紧：**方便把任何部门的名单和花名册对起来看，不用手工查找。\n\n**怎么改：**按名单的用途自行核实。省里可以在检查方案中为这类名单定义自己的种类、严重程度和提示文字。\n\n**例子：**证件号码 522731199208191586 在“帮扶联系名单.csv”第 2 行（联系干部 王干部）。",
        shows: &[],
        names: &[],
    },
];

/// The built-in kind named `kind` (its kind name or its key).
pub fn built_in(kind: &str) -> Option<&'static KindDef> {
    KINDS.iter().find(|k| k.kind == kind || k.key == kind)
}

/// A kind as a check uses it: a built-in one, or one a profile declares (`compare_kinds`).
#[derive(Debug, Clone, PartialEq)]
pub struct Kind {
    pub kind: Cow<'static, str>,
    pub key: Cow<'static, str>,
    pub severity: Severity,
    pub test: Test,
    pub label_zh: Cow<'static, str>,
    pub label_en: Cow<'static, str>,
    pub title_zh: Cow<'static, str>,
    pub title_en: Cow<'static, str>,
    pub message_zh: Cow<'static, str>,
    pub message_en: Cow<'static, str>,
    pub doc: Cow<'static, str>,
    pub shows: Vec<Cow<'static, str>>,
    pub names: Vec<Cow<'static, str>>,
    /// True for a kind the profile declares.
    pub custom: bool,
}

impl From<&'static KindDef> for Kind {
    fn from(d: &'static KindDef) -> Kind {
        Kind {
            kind: d.kind.into(),
            key: d.key.into(),
            severity: d.severity,
            test: d.test,
            label_zh: d.label_zh.into(),
            label_en: d.label_en.into(),
            title_zh: d.title_zh.into(),
            title_en: d.title_en.into(),
            message_zh: d.message_zh.into(),
            message_en: d.message_en.into(),
            doc: d.doc.into(),
            shows: d.shows.iter().map(|&s| s.into()).collect(),
            names: d.names.iter().map(|&s| s.into()).collect(),
            custom: false,
        }
    }
}
