//! One positive (`finds_…`) and one negative (`passes_…`) test per built-in monitoring check,
//! on small tables with the export's own headers.

use crate::base::finding::Finding;
use crate::columns::mapping::Mapping;
use crate::facts::context::Context;
use crate::profile::Profile;
use crate::read::table::Table;
use std::collections::BTreeMap;

/// Runs the built-in check `key` (under monitoring-2021, ages at 2023-12-31 and school ages at
/// 2023-09-01) over `rows`; the rows of each of its findings.
fn rows_of(key: &str, rows: &[&[&str]]) -> Vec<Vec<u32>> {
    let mut profile = Profile::monitoring_2021();
    assert!(profile.custom.iter().any(|r| r.key == key), "no built-in check {key}");
    profile.custom.retain(|r| r.key == key);
    let table = Table::from_rows(rows);
    let mapping = Mapping::new(table.headers(), &BTreeMap::new());
    let ctx = Context::new(&table, &mapping, &profile);
    let mut findings: Vec<Finding> = Vec::new();
    crate::check::run::custom(&ctx, &mut findings, &mut |_| {});
    let missing: Vec<&Finding> = findings.iter().filter(|f| f.rule == "column-missing").collect();
    assert!(missing.is_empty(), "{key} lacks a column: {:?}", missing.iter().map(|f| &f.value).collect::<Vec<_>>());
    findings.iter().filter(|f| f.rule == key).map(|f| f.rows.clone()).collect()
}

/// `case!(name, key, rows, [expected rows…])`
macro_rules! case {
    ($name:ident, $key:literal, [$($row:expr),* $(,)?], [$($want:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let want: Vec<Vec<u32>> = vec![$($want.to_vec()),*];
            assert_eq!(rows_of($key, &[$(&$row[..]),*]), want);
        }
    };
}

const H: [&str; 6] = ["户编号", "与户主关系", "监测对象类别", "是否危房户", "是否解决安全饮用水", "风险是否已消除"];

case!(
    finds_unmonitored_house_unsafe,
    "unmonitored-house-unsafe",
    [
        H,
        ["1", "户主", "", "是", "是", ""],
        ["1", "之子", "", "是", "是", ""],
        ["2", "户主", "边缘易致贫户", "是", "是", "否"]
    ],
    [[2, 3]]
);
case!(
    passes_unmonitored_house_unsafe,
    "unmonitored-house-unsafe",
    [H, ["1", "户主", "", "否", "是", ""], ["2", "户主", "脱贫不稳定户", "是", "是", "否"]],
    []
);
case!(finds_unmonitored_water_unsafe, "unmonitored-water-unsafe", [H, ["1", "户主", "", "否", "否", ""]], [[2]]);
case!(
    passes_unmonitored_water_unsafe,
    "unmonitored-water-unsafe",
    [H, ["1", "户主", "", "否", "是", ""], ["2", "户主", "突发严重困难户", "否", "否", "否"]],
    []
);

const INS: [&str; 5] =
    ["户编号", "与户主关系", "监测对象类别", "是否参加城乡居民基本医疗保险", "是否参加城镇职工基本医疗保险"];
case!(
    finds_unmonitored_uninsured,
    "unmonitored-uninsured",
    [INS, ["1", "户主", "", "是", "否"], ["1", "之女", "", "否", "否"], ["2", "户主", "", "否", "是"]],
    [[2, 3]]
);
case!(
    passes_unmonitored_uninsured,
    "unmonitored-uninsured",
    [INS, ["1", "户主", "", "是", "否"], ["1", "之女", "", "否", "是"], ["2", "户主", "边缘易致贫户", "否", "否"]],
    []
);

const OOS: [&str; 4] = ["户编号", "监测对象类别", "风险是否已消除", "是否义务教育阶段适龄儿童少年失学辍学"];
case!(finds_unmonitored_out_of_school, "unmonitored-out-of-school", [OOS, ["1", "", "", "是"]], [[2]]);
case!(
    passes_unmonitored_out_of_school,
    "unmonitored-out-of-school",
    [OOS, ["1", "", "", "否"], ["2", "边缘易致贫户", "否", "是"]],
    []
);
case!(finds_removed_out_of_school, "removed-out-of-school", [OOS, ["1", "边缘易致贫户", "是", "是"]], [[2]]);
case!(
    passes_removed_out_of_school,
    "removed-out-of-school",
    [OOS, ["1", "边缘易致贫户", "否", "是"], ["2", "边缘易致贫户", "是", "否"]],
    []
);

case!(finds_removed_house_unsafe, "removed-house-unsafe", [H, ["1", "户主", "边缘易致贫户", "是", "是", "是"]], [[2]]);
case!(
    passes_removed_house_unsafe,
    "removed-house-unsafe",
    [H, ["1", "户主", "边缘易致贫户", "是", "是", "否"], ["2", "户主", "边缘易致贫户", "否", "是", "是"]],
    []
);
case!(finds_removed_water_unsafe, "removed-water-unsafe", [H, ["1", "户主", "边缘易致贫户", "否", "否", "是"]], [[2]]);
case!(passes_removed_water_unsafe, "removed-water-unsafe", [H, ["1", "户主", "边缘易致贫户", "否", "是", "是"]], []);

const RINS: [&str; 5] =
    ["户编号", "与户主关系", "风险是否已消除", "是否参加城乡居民基本医疗保险", "是否参加城镇职工基本医疗保险"];
case!(
    finds_removed_uninsured,
    "removed-uninsured",
    [RINS, ["1", "户主", "是", "是", ""], ["1", "之子", "是", "", ""]],
    [[2, 3]]
);
case!(
    passes_removed_uninsured,
    "removed-uninsured",
    [RINS, ["1", "户主", "是", "是", ""], ["1", "之子", "是", "", "是"], ["2", "户主", "否", "否", "否"]],
    []
);

const RISK: [&str; 7] = [
    "户编号",
    "监测对象类别",
    "是否危房户",
    "是否解决安全饮用水",
    "致贫/返贫风险1",
    "致贫/返贫风险2",
    "风险是否已消除",
];
case!(
    finds_water_problem_risk_missing,
    "water-problem-risk-missing",
    [RISK, ["1", "边缘易致贫户", "否", "否", "因病", "", "否"]],
    [[2]]
);
case!(
    passes_water_problem_risk_missing,
    "water-problem-risk-missing",
    [RISK, ["1", "边缘易致贫户", "否", "否", "因病", "因安全饮水", "否"], ["2", "", "否", "否", "", "", ""]],
    []
);
case!(
    finds_housing_problem_risk_missing,
    "housing-problem-risk-missing",
    [RISK, ["1", "边缘易致贫户", "是", "是", "因病", "", "否"]],
    [[2]]
);
case!(
    passes_housing_problem_risk_missing,
    "housing-problem-risk-missing",
    [RISK, ["1", "边缘易致贫户", "是", "是", "因安全住房", "", "否"]],
    []
);

const SCH: [&str; 5] = ["户编号", "出生日期", "在校生状况", "健康状况", "义务教育阶段未上学原因"];
case!(
    finds_school_age_not_in_school,
    "school-age-not-in-school",
    [
        SCH,
        ["1", "2012-03-01", "", "健康", ""],
        ["1", "2017-08-31", "学龄前儿童", "健康", ""],
        ["1", "2017-09-02", "学龄前儿童", "健康", ""]
    ],
    [[2], [3]]
);
case!(
    passes_school_age_not_in_school,
    "school-age-not-in-school",
    [
        SCH,
        ["1", "2012-03-01", "六年级", "健康", ""],
        ["1", "2010-03-01", "", "残疾", "因残"],
        ["1", "2007-03-01", "", "健康", ""]
    ],
    []
);
case!(
    finds_school_absence_reason_healthy,
    "school-absence-reason-healthy",
    [SCH, ["1", "2012-03-01", "", "健康", "因残"]],
    [[2]]
);
case!(
    passes_school_absence_reason_healthy,
    "school-absence-reason-healthy",
    [SCH, ["1", "2012-03-01", "", "残疾", "因残"]],
    []
);

const MEM: [&str; 8] =
    ["户编号", "与户主关系", "致贫/返贫风险1", "致贫/返贫风险2", "健康状况", "劳动技能", "在校生状况", "证件类型"];
case!(
    finds_risk_illness_nobody_ill,
    "risk-illness-nobody-ill",
    [
        MEM,
        ["1", "户主", "因学", "因病", "健康", "普通劳动力", "", ""],
        ["1", "之子", "因学", "因病", "健康", "无劳动力", "小学", ""]
    ],
    [[2, 3]]
);
case!(
    passes_risk_illness_nobody_ill,
    "risk-illness-nobody-ill",
    [
        MEM,
        ["1", "户主", "因病", "", "健康", "普通劳动力", "", ""],
        ["1", "配偶", "因病", "", "残疾,长期慢性病", "无劳动力", "", ""]
    ],
    []
);
case!(
    finds_risk_disability_nobody_disabled,
    "risk-disability-nobody-disabled",
    [MEM, ["1", "户主", "因残", "", "患大病", "无劳动力", "", ""]],
    [[2]]
);
case!(
    passes_risk_disability_nobody_disabled,
    "risk-disability-nobody-disabled",
    [MEM, ["1", "户主", "因残", "", "残疾", "无劳动力", "", ""]],
    []
);
case!(
    finds_risk_schooling_no_student,
    "risk-schooling-no-student",
    [
        MEM,
        ["1", "户主", "因学", "", "健康", "普通劳动力", "", ""],
        ["1", "之子", "因学", "", "健康", "无劳动力", "学龄前儿童", ""]
    ],
    [[2, 3]]
);
case!(
    passes_risk_schooling_no_student,
    "risk-schooling-no-student",
    [
        MEM,
        ["1", "户主", "因学", "", "健康", "普通劳动力", "", ""],
        ["1", "之子", "因学", "", "健康", "无劳动力", "中职一年级", ""]
    ],
    []
);
case!(
    finds_risk_labour_shortage_with_labourers,
    "risk-labour-shortage-with-labourers",
    [
        MEM,
        ["1", "户主", "缺劳动力", "", "健康", "普通劳动力", "", ""],
        ["1", "配偶", "缺劳动力", "", "健康", "技能劳动力", "", ""]
    ],
    [[2, 3]]
);
case!(
    passes_risk_labour_shortage_with_labourers,
    "risk-labour-shortage-with-labourers",
    [
        MEM,
        ["1", "户主", "缺劳动力", "", "健康", "普通劳动力", "", ""],
        ["1", "配偶", "缺劳动力", "", "残疾", "无劳动力", "", ""]
    ],
    []
);
case!(
    finds_risk_work_without_labour,
    "risk-work-without-labour",
    [
        MEM,
        ["1", "户主", "因务工就业不稳", "", "残疾", "无劳动力", "", ""],
        ["1", "配偶", "因务工就业不稳", "", "患大病", "丧失劳动力", "", ""]
    ],
    [[2, 3]]
);
case!(
    passes_risk_work_without_labour,
    "risk-work-without-labour",
    [MEM, ["1", "户主", "因务工就业不稳", "", "健康", "弱劳动力或半劳动力", "", ""]],
    []
);

const REM: [&str; 9] = [
    "户编号",
    "与户主关系",
    "劳动技能",
    "风险是否已消除",
    "风险消除方式",
    "识别监测时间",
    "风险消除时间",
    "人均纯收入",
    "监测对象类别",
];
case!(
    finds_removed_below_line,
    "removed-below-line",
    [REM, ["1", "户主", "普通劳动力", "是", "帮扶消除", "202201", "202301", "3500", "边缘易致贫户"]],
    [[2]]
);
case!(
    passes_removed_below_line,
    "removed-below-line",
    [
        REM,
        ["1", "户主", "普通劳动力", "是", "帮扶消除", "202201", "202301", "8000", "边缘易致贫户"],
        ["2", "户主", "普通劳动力", "否", "", "202201", "", "3500", "边缘易致贫户"]
    ],
    []
);
case!(
    finds_removed_no_labour,
    "removed-no-labour",
    [
        REM,
        ["1", "户主", "无劳动力", "是", "自然消除", "202201", "202301", "8000", "边缘易致贫户"],
        ["1", "配偶", "丧失劳动力", "是", "自然消除", "202201", "202301", "8000", "边缘易致贫户"]
    ],
    [[2, 3]]
);
case!(
    passes_removed_no_labour,
    "removed-no-labour",
    [
        REM,
        ["1", "户主", "无劳动力", "是", "自然消除", "202201", "202301", "8000", "边缘易致贫户"],
        ["1", "配偶", "普通劳动力", "是", "自然消除", "202201", "202301", "8000", "边缘易致贫户"]
    ],
    []
);
case!(
    finds_removed_too_soon,
    "removed-too-soon",
    [REM, ["1", "户主", "普通劳动力", "是", "帮扶消除", "2023年01月", "2023-04-20", "8000", "边缘易致贫户"]],
    [[2]]
);
case!(
    passes_removed_too_soon,
    "removed-too-soon",
    [
        REM,
        ["1", "户主", "普通劳动力", "是", "帮扶消除", "202201", "202207", "8000", "边缘易致贫户"],
        ["2", "户主", "普通劳动力", "是", "自然消除", "202201", "202202", "8000", "边缘易致贫户"]
    ],
    []
);
case!(
    finds_monitored_income_far_above,
    "monitored-income-far-above",
    [REM, ["1", "户主", "普通劳动力", "否", "", "202201", "", "26000", "边缘易致贫户"]],
    [[2]]
);
case!(
    passes_monitored_income_far_above,
    "monitored-income-far-above",
    [
        REM,
        ["1", "户主", "普通劳动力", "是", "帮扶消除", "202201", "202301", "26000", "边缘易致贫户"],
        ["2", "户主", "普通劳动力", "否", "", "202201", "", "12000", "边缘易致贫户"]
    ],
    []
);

const MEA: [&str; 8] =
    ["户编号", "监测对象类别", "风险消除方式", "识别监测时间", "产业帮扶", "健康帮扶", "综合保障", "致贫/返贫风险1"];
case!(
    finds_removed_without_measure,
    "removed-without-measure",
    [MEA, ["1", "边缘易致贫户", "帮扶消除", "202201", "", "", "", "因病"]],
    [[2]]
);
case!(
    passes_removed_without_measure,
    "removed-without-measure",
    [MEA, ["1", "边缘易致贫户", "帮扶消除", "202201", "", "", "低保", "因病"]],
    []
);
case!(
    finds_monitored_no_measure,
    "monitored-no-measure",
    [MEA, ["1", "边缘易致贫户", "", "202310", "", "", "", "因病"]],
    [[2]]
);
case!(
    passes_monitored_no_measure,
    "monitored-no-measure",
    [
        MEA,
        ["1", "边缘易致贫户", "", "202311", "", "", "", "因病"],
        ["2", "边缘易致贫户", "", "202201", "种植", "", "", "因病"]
    ],
    []
);
case!(
    finds_risk_illness_without_health_measure,
    "risk-illness-without-health-measure",
    [MEA, ["1", "边缘易致贫户", "", "202201", "种植", "", "", "因病"]],
    [[2]]
);
case!(
    passes_risk_illness_without_health_measure,
    "risk-illness-without-health-measure",
    [MEA, ["1", "边缘易致贫户", "", "202201", "", "城乡居民基本医疗保险个人缴费补贴", "", "因病"]],
    []
);

const EXI: [&str; 4] = ["户编号", "户类型", "监测对象类别", "人均纯收入"];
case!(finds_exited_below_line_unmonitored, "exited-below-line-unmonitored", [EXI, ["1", "脱贫户", "", "3800"]], [[2]]);
case!(
    passes_exited_below_line_unmonitored,
    "exited-below-line-unmonitored",
    [EXI, ["1", "脱贫户", "", "9000"], ["2", "脱贫户", "脱贫不稳定户", "3800"], ["3", "普通农户", "", "3800"]],
    []
);

#[test]
fn the_monitoring_line_is_the_profiles() {
    let profile =
        Profile::from_json(r#"{"name": "gz", "extends": "monitoring-2021", "monitoring_lines": {"2023": 7300}}"#)
            .unwrap();
    assert_eq!(profile.number("monitoring_line"), Some(7300.0));
    assert_eq!(Profile::monitoring_2021().number("monitoring_line"), Some(4000.0), "without a line, the poverty line");
}

const INC: [&str; 8] = [
    "户编号",
    "劳动技能",
    "享受低保政策情况",
    "享受特困供养政策情况",
    "工资性收入",
    "转移性收入",
    "生产经营性收入",
    "产业帮扶",
];
case!(
    finds_wage_income_without_labour,
    "wage-income-without-labour",
    [INC, ["1", "无劳动力", "", "", "12000", "", "", ""]],
    [[2]]
);
case!(
    passes_wage_income_without_labour,
    "wage-income-without-labour",
    [INC, ["1", "弱劳动力或半劳动力", "", "", "12000", "", "", ""], ["2", "无劳动力", "", "", "0", "", "", ""]],
    []
);
case!(
    finds_transfer_income_zero_with_support,
    "transfer-income-zero-with-support",
    [INC, ["1", "无劳动力", "未享受", "", "", "0", "", ""], ["1", "无劳动力", "农村低保", "", "", "0", "", ""]],
    [[2, 3]]
);
case!(
    passes_transfer_income_zero_with_support,
    "transfer-income-zero-with-support",
    [
        INC,
        ["1", "无劳动力", "农村低保", "", "", "3600", "", ""],
        ["2", "无劳动力", "未享受", "不享受", "", "0", "", ""]
    ],
    []
);
case!(
    finds_business_income_zero_with_industry,
    "business-income-zero-with-industry",
    [INC, ["1", "普通劳动力", "", "", "", "", "0.00", "种植,养殖"]],
    [[2]]
);
case!(
    passes_business_income_zero_with_industry,
    "business-income-zero-with-industry",
    [INC, ["1", "普通劳动力", "", "", "", "", "2400", "种植"], ["2", "普通劳动力", "", "", "", "", "0", ""]],
    []
);
case!(
    finds_no_labour_no_dibao,
    "no-labour-no-dibao",
    [INC, ["1", "无劳动力", "未享受", "未享受", "", "", "", ""], ["1", "丧失劳动力", "", "", "", "", "", ""]],
    [[2, 3]]
);
case!(
    passes_no_labour_no_dibao,
    "no-labour-no-dibao",
    [INC, ["1", "无劳动力", "未享受", "农村特困", "", "", "", ""], ["2", "普通劳动力", "未享受", "", "", "", "", ""]],
    []
);

const DB: [&str; 6] = ["户编号", "监测对象类别", "享受低保政策情况", "享受特困供养政策情况", "综合保障", "教育帮扶"];
case!(
    finds_dibao_without_measure,
    "dibao-without-measure",
    [
        DB,
        ["1", "边缘易致贫户", "未享受", "", "残疾人补贴", ""],
        ["1", "边缘易致贫户", "农村低保", "", "残疾人补贴", ""]
    ],
    [[2, 3]]
);
case!(
    passes_dibao_without_measure,
    "dibao-without-measure",
    [DB, ["1", "边缘易致贫户", "农村低保", "", "农村低保,残疾人补贴", ""], ["2", "", "农村低保", "", "", ""]],
    []
);
case!(
    finds_measure_dibao_without_member,
    "measure-dibao-without-member",
    [DB, ["1", "边缘易致贫户", "未享受", "", "低保", ""]],
    [[2]]
);
case!(
    passes_measure_dibao_without_member,
    "measure-dibao-without-member",
    [DB, ["1", "边缘易致贫户", "城市低保", "", "低保", ""]],
    []
);
case!(
    finds_special_support_without_measure,
    "special-support-without-measure",
    [DB, ["1", "边缘易致贫户", "", "农村特困", "低保", ""]],
    [[2]]
);
case!(
    passes_special_support_without_measure,
    "special-support-without-measure",
    [DB, ["1", "边缘易致贫户", "", "农村特困", "特困供养", ""]],
    []
);

const SS: [&str; 7] =
    ["户编号", "出生日期", "健康状况", "在校生状况", "享受特困供养政策情况", "公益性岗位", "公益性岗位(月数)"];
case!(
    finds_special_support_able_adult,
    "special-support-able-adult",
    [SS, ["1", "1988-05-01", "健康", "", "农村特困", "", ""]],
    [[2]]
);
case!(
    passes_special_support_able_adult,
    "special-support-able-adult",
    [
        SS,
        ["1", "1988-05-01", "残疾", "", "农村特困", "", ""],
        ["2", "1950-05-01", "健康", "", "农村特困", "", ""],
        ["3", "2004-05-01", "健康", "高职高专二年级", "农村特困", "", ""]
    ],
    []
);
case!(
    finds_public_post_age,
    "public-post-age",
    [SS, ["1", "1950-05-01", "健康", "", "", "护林员", "12"], ["2", "2009-05-01", "健康", "", "", "保洁员", "3"]],
    [[2], [3]]
);
case!(
    passes_public_post_age,
    "public-post-age",
    [SS, ["1", "1960-05-01", "健康", "", "", "护林员", "12"], ["2", "1950-05-01", "健康", "", "", "", ""]],
    []
);
case!(
    finds_public_post_months_missing,
    "public-post-months-missing",
    [SS, ["1", "1960-05-01", "健康", "", "", "护林员", ""], ["1", "1962-05-01", "健康", "", "", "保洁员", "0"]],
    [[2], [3]]
);
case!(
    passes_public_post_months_missing,
    "public-post-months-missing",
    [SS, ["1", "1960-05-01", "健康", "", "", "护林员", "12"]],
    []
);
case!(
    finds_public_post_months_without_post,
    "public-post-months-without-post",
    [SS, ["1", "1960-05-01", "健康", "", "", "", "6"]],
    [[2]]
);
case!(
    passes_public_post_months_without_post,
    "public-post-months-without-post",
    [SS, ["1", "1960-05-01", "健康", "", "", "", "0"], ["1", "1960-05-01", "健康", "", "", "护林员", "6"]],
    []
);

const MR: [&str; 10] = [
    "户编号",
    "致贫/返贫风险1",
    "致贫/返贫风险2",
    "教育帮扶",
    "义务教育保障",
    "社会帮扶",
    "住房安全保障",
    "搬迁",
    "饮水安全保障",
    "在校生状况",
];
case!(
    finds_risk_schooling_without_education_measure,
    "risk-schooling-without-education-measure",
    [MR, ["1", "因病", "因学", "", "", "", "", "", "", "小学"]],
    [[2]]
);
case!(
    passes_risk_schooling_without_education_measure,
    "risk-schooling-without-education-measure",
    [MR, ["1", "因学", "", "", "学生资助", "", "", "", "", "小学"]],
    []
);
case!(
    finds_risk_housing_without_housing_measure,
    "risk-housing-without-housing-measure",
    [MR, ["1", "因安全住房", "", "", "", "", "", "", "", ""]],
    [[2]]
);
case!(
    passes_risk_housing_without_housing_measure,
    "risk-housing-without-housing-measure",
    [MR, ["1", "因安全住房", "", "", "", "", "", "搬迁", "", ""]],
    []
);
case!(
    finds_risk_water_without_water_measure,
    "risk-water-without-water-measure",
    [MR, ["1", "因安全饮水", "", "", "", "", "", "", "", ""]],
    [[2]]
);
case!(
    passes_risk_water_without_water_measure,
    "risk-water-without-water-measure",
    [MR, ["1", "因安全饮水", "", "", "", "", "", "", "改水", ""]],
    []
);
case!(
    finds_yulu_without_vocational_student,
    "yulu-without-vocational-student",
    [MR, ["1", "因学", "", "雨露计划", "", "", "", "", "", "普通高中一年级"]],
    [[2]]
);
case!(
    passes_yulu_without_vocational_student,
    "yulu-without-vocational-student",
    [MR, ["1", "因学", "", "雨露计划", "", "", "", "", "", "中职二年级"]],
    []
);

const MF: [&str; 7] = [
    "户编号",
    "监测对象类别",
    "致贫/返贫风险1",
    "识别监测时间",
    "是否危房户",
    "是否解决安全饮用水",
    "是否参加大病保险",
];
case!(
    finds_monitored_risk_missing,
    "monitored-risk-missing",
    [MF, ["1", "边缘易致贫户", "", "202201", "否", "是", "是"]],
    [[2]]
);
case!(
    passes_monitored_risk_missing,
    "monitored-risk-missing",
    [MF, ["1", "边缘易致贫户", "因病", "202201", "否", "是", "是"], ["2", "", "", "", "", "", ""]],
    []
);
case!(
    finds_monitored_facts_missing,
    "monitored-facts-missing",
    [MF, ["1", "边缘易致贫户", "因病", "202201", "", "是", "是"]],
    [[2]]
);
case!(
    passes_monitored_facts_missing,
    "monitored-facts-missing",
    [MF, ["1", "边缘易致贫户", "因病", "202201", "否", "是", "是"]],
    []
);

#[test]
fn every_built_in_check_has_a_finds_and_a_passes_test() {
    let src = include_str!("tests.rs");
    for r in super::pack() {
        let name = r.key.replace('-', "_");
        assert!(
            src.contains(&format!("fn finds_{name}(")) || src.contains(&format!("finds_{name},")),
            "{} needs a finds_ test",
            r.key
        );
        assert!(
            src.contains(&format!("passes_{name},")) || src.contains(&format!("fn passes_{name}(")),
            "{} needs a passes_ test",
            r.key
        );
        assert!(r.doc.len() > 40 && !r.title_en.is_empty() && r.message_en != r.message_zh, "{}", r.key);
        assert!(crate::rules::by_key(&r.key).is_none(), "{} is a catalogue key", r.key);
    }
}

const ST: [&str; 5] = ["户编号", "与户主关系", "户类型", "脱贫属性", "监测对象类别"];

case!(
    finds_unstable_category_not_exited,
    "unstable-category-not-exited",
    [
        ST,
        ["1", "户主", "普通农户", "未脱贫", "脱贫不稳定户"],
        ["1", "之子", "普通农户", "未脱贫", "脱贫不稳定户"],
        ["2", "户主", "脱贫户", "未脱贫", "脱贫不稳定户"],
        ["3", "户主", "脱贫户", "已脱贫", "脱贫不稳定户"]
    ],
    [[2, 3], [4]]
);
case!(
    passes_unstable_category_not_exited,
    "unstable-category-not-exited",
    [
        ST,
        ["1", "户主", "脱贫户", "已脱贫", "脱贫不稳定户"],
        ["2", "户主", "普通农户", "未脱贫", "边缘易致贫户"],
        ["3", "户主", "普通农户", "", "突发严重困难户"]
    ],
    []
);
case!(
    finds_marginal_category_exited,
    "marginal-category-exited",
    [
        ST,
        ["1", "户主", "脱贫户", "已脱贫", "边缘易致贫户"],
        ["2", "户主", "普通农户", "已脱贫（享受政策）", "边缘易致贫户"],
        ["3", "户主", "普通农户", "未脱贫", "边缘易致贫户"]
    ],
    [[2], [3]]
);
case!(
    passes_marginal_category_exited,
    "marginal-category-exited",
    [
        ST,
        ["1", "户主", "普通农户", "未脱贫", "边缘易致贫户"],
        ["2", "户主", "脱贫户", "已脱贫", "突发严重困难户"],
        ["3", "户主", "脱贫户", "已脱贫", "脱贫不稳定户"]
    ],
    []
);
case!(
    finds_household_kind_exit_status,
    "household-kind-exit-status",
    [
        ST,
        ["1", "户主", "脱贫户", "未脱贫", ""],
        ["1", "之妻", "脱贫户", "未脱贫", ""],
        ["2", "户主", "一般农户", "已脱贫", ""],
        ["3", "户主", "脱贫户", "已脱贫", ""]
    ],
    [[2, 3], [4]]
);
case!(
    passes_household_kind_exit_status,
    "household-kind-exit-status",
    [
        ST,
        ["1", "户主", "脱贫户", "已脱贫（不再享受政策）", ""],
        ["2", "户主", "普通农户", "未脱贫", ""],
        ["3", "户主", "普通农户", "", ""]
    ],
    []
);

// ---- the 风险消除后… block, the collector, household conditions ----

const AFT: [&str; 6] = [
    "户编号",
    "风险是否已消除",
    "风险消除后是否住房损毁",
    "风险消除后是否饮水设施损毁",
    "信息采集人",
    "信息采集人联系电话",
];
case!(
    finds_removed_problem_after_removal,
    "removed-problem-after-removal",
    [AFT, ["1", "是", "否", "是", "张三", "13800000000"]],
    [[2]]
);
case!(
    passes_removed_problem_after_removal,
    "removed-problem-after-removal",
    [AFT, ["1", "是", "否", "否", "张三", "13800000000"], ["2", "", "", "", "", ""]],
    []
);
case!(finds_removed_collector_missing, "removed-collector-missing", [AFT, ["1", "是", "否", "否", "张三", ""]], [[2]]);
case!(
    passes_removed_collector_missing,
    "removed-collector-missing",
    [AFT, ["1", "是", "否", "否", "张三", "13800000000"], ["2", "否", "", "", "", ""]],
    []
);

const AFTER_ALL: [&str; 15] = [
    "户编号",
    "风险是否已消除",
    "风险消除后是否义务教育阶段适龄儿童少年失学辍学",
    "风险消除后是否住房损毁",
    "风险消除后是否有家庭成员未参加城乡居民（职工）基本医疗保险",
    "风险消除后是否饮水设施损毁",
    "风险消除后工资性收入",
    "风险消除后财产性收入",
    "风险消除后转移性收入",
    "风险消除后生产经营性收入",
    "风险消除后生产经营性支出",
    "风险消除后家庭纯收入",
    "风险消除后家庭人均纯收入",
    "风险消除后理赔收入",
    "风险消除后合规自付支出",
];
case!(
    finds_removed_after_facts_missing,
    "removed-after-facts-missing",
    [AFTER_ALL, ["1", "是", "否", "否", "否", "否", "", "0", "1200", "3000", "500", "20000", "6000", "0", "300"]],
    [[2]]
);
case!(
    passes_removed_after_facts_missing,
    "removed-after-facts-missing",
    [
        AFTER_ALL,
        ["1", "是", "否", "否", "否", "否", "12000", "0", "1200", "3000", "500", "20000", "6000", "0", "300"],
        ["2", "否", "", "", "", "", "", "", "", "", "", "", "", "", ""]
    ],
    []
);

const ELE: [&str; 4] = ["户编号", "户类型", "监测对象类别", "是否通生活用电"];
case!(finds_electricity_missing, "electricity-missing", [ELE, ["1", "普通农户", "边缘易致贫户", ""]], [[2]]);
case!(
    passes_electricity_missing,
    "electricity-missing",
    [ELE, ["1", "脱贫户", "", "是"], ["2", "普通农户", "", ""]],
    []
);
case!(finds_exited_no_electricity, "exited-no-electricity", [ELE, ["1", "脱贫户", "", "否"]], [[2]]);
case!(
    passes_exited_no_electricity,
    "exited-no-electricity",
    [ELE, ["1", "脱贫户", "", "是"], ["2", "普通农户", "", "否"]],
    []
);

const INF: [&str; 6] = [
    "户编号",
    "户类型",
    "监测对象类别",
    "是否参加大病保险",
    "是否参加城乡居民基本养老保险",
    "是否参加城镇职工基本养老保险",
];
case!(
    finds_insurance_facts_missing,
    "insurance-facts-missing",
    [INF, ["1", "脱贫户", "", "", "是", ""], ["2", "普通农户", "边缘易致贫户", "是", "", ""]],
    [[2], [3]]
);
case!(
    passes_insurance_facts_missing,
    "insurance-facts-missing",
    [INF, ["1", "脱贫户", "", "是", "", "是"], ["2", "普通农户", "", "", "", ""]],
    []
);

const RSK: [&str; 4] = ["户编号", "致贫/返贫风险1", "致贫/返贫风险2", "其他备注"];
case!(finds_risk_other_without_note, "risk-other-without-note", [RSK, ["1", "因病", "其他", ""]], [[2]]);
case!(
    passes_risk_other_without_note,
    "risk-other-without-note",
    [RSK, ["1", "其他", "", "家中失火"], ["2", "因病", "", ""]],
    []
);

// ---- posts ----

const PST: [&str; 5] = ["户编号", "户类型", "公益性岗位", "聘用时间", "劳动技能"];
case!(
    finds_public_post_several,
    "public-post-several",
    [PST, ["1", "脱贫户", "护林员,保洁员", "202301", "普通劳动力"]],
    [[2]]
);
case!(
    passes_public_post_several,
    "public-post-several",
    [PST, ["1", "脱贫户", "护林员", "202301", "普通劳动力"], ["2", "脱贫户", "", "", ""]],
    []
);
case!(
    finds_household_public_posts_many,
    "household-public-posts-many",
    [
        PST,
        ["1", "脱贫户", "护林员", "202301", "普通劳动力"],
        ["1", "脱贫户", "保洁员", "202301", "普通劳动力"],
        ["1", "脱贫户", "护路员", "202301", "普通劳动力"],
        ["1", "脱贫户", "护河员", "202301", "普通劳动力"]
    ],
    [[2, 3, 4, 5]]
);
case!(
    passes_household_public_posts_many,
    "household-public-posts-many",
    [
        PST,
        ["1", "脱贫户", "护林员", "202301", "普通劳动力"],
        ["1", "脱贫户", "保洁员", "202301", "普通劳动力"],
        ["1", "脱贫户", "", "", "普通劳动力"]
    ],
    []
);
case!(
    finds_public_post_hired_without_post,
    "public-post-hired-without-post",
    [PST, ["1", "脱贫户", "", "202301", "普通劳动力"], ["2", "脱贫户", "护林员", "", "普通劳动力"]],
    [[2], [3]]
);
case!(
    passes_public_post_hired_without_post,
    "public-post-hired-without-post",
    [PST, ["1", "脱贫户", "护林员", "202301", "普通劳动力"], ["2", "脱贫户", "", "", ""]],
    []
);
case!(
    finds_public_post_without_labour,
    "public-post-without-labour",
    [PST, ["1", "脱贫户", "护林员", "202301", "丧失劳动力"]],
    [[2]]
);
case!(
    passes_public_post_without_labour,
    "public-post-without-labour",
    [PST, ["1", "脱贫户", "护林员", "202301", "弱劳动力或半劳动力"], ["2", "脱贫户", "", "", "无劳动力"]],
    []
);

// ---- disability ----

const DIS: [&str; 9] = [
    "户编号",
    "与户主关系",
    "证件号码",
    "证件类型",
    "健康状况",
    "劳动技能",
    "风险是否已消除",
    "致贫/返贫风险1",
    "综合保障",
];
case!(
    finds_severe_disability_with_labour,
    "severe-disability-with-labour",
    [DIS, ["1", "户主", "52010119800101001X41", "残疾人证", "残疾", "普通劳动力", "", "", ""]],
    [[2]]
);
case!(
    passes_severe_disability_with_labour,
    "severe-disability-with-labour",
    [
        DIS,
        ["1", "户主", "52010119800101001X43", "残疾人证", "残疾", "普通劳动力", "", "", ""],
        ["2", "户主", "52010119800101001X41", "残疾人证", "残疾", "丧失劳动力", "", "", ""],
        ["3", "户主", "52010119800101001X", "居民身份证", "健康", "普通劳动力", "", "", ""]
    ],
    []
);
case!(
    finds_severe_disability_without_allowance,
    "severe-disability-without-allowance",
    [
        DIS,
        ["1", "户主", "52010119800101001X", "居民身份证", "健康", "普通劳动力", "否", "因残", "低保"],
        ["1", "配偶", "52010119820101002272", "残疾人证", "残疾", "无劳动力", "否", "因残", "低保"]
    ],
    [[2, 3]]
);
case!(
    passes_severe_disability_without_allowance,
    "severe-disability-without-allowance",
    [
        DIS,
        ["1", "户主", "52010119820101002272", "残疾人证", "残疾", "无劳动力", "否", "因残", "低保,残疾人两项补贴"],
        ["2", "户主", "52010119820101002274", "残疾人证", "残疾", "无劳动力", "否", "因残", "低保"],
        ["3", "户主", "52010119820101002272", "残疾人证", "残疾", "无劳动力", "是", "因残", ""]
    ],
    []
);
case!(
    finds_disability_allowance_without_disabled,
    "disability-allowance-without-disabled",
    [DIS, ["1", "户主", "52010119800101001X", "居民身份证", "健康", "普通劳动力", "否", "因病", "残疾人两项补贴"]],
    [[2]]
);
case!(
    passes_disability_allowance_without_disabled,
    "disability-allowance-without-disabled",
    [
        DIS,
        ["1", "户主", "52010119800101001X", "居民身份证", "健康", "普通劳动力", "否", "因残", "残疾人两项补贴"],
        [
            "1",
            "之子",
            "52010120100101003X",
            "居民身份证",
            "残疾,长期慢性病",
            "无劳动力",
            "否",
            "因残",
            "残疾人两项补贴"
        ]
    ],
    []
);

// ---- 三保障 facts against measures ----

const FLG: [&str; 13] = [
    "户编号",
    "出生日期",
    "在校生状况",
    "监测对象类别",
    "是否义务教育阶段适龄儿童少年失学辍学",
    "是否解决安全饮用水",
    "是否参加城乡居民基本医疗保险",
    "是否参加城镇职工基本医疗保险",
    "义务教育保障",
    "饮水安全保障",
    "健康帮扶",
    "社会帮扶",
    "风险是否已消除",
];
case!(
    finds_out_of_school_without_measure,
    "out-of-school-without-measure",
    [FLG, ["1", "2012-05-01", "", "边缘易致贫户", "是", "是", "是", "否", "", "", "", "", "否"]],
    [[2]]
);
case!(
    passes_out_of_school_without_measure,
    "out-of-school-without-measure",
    [
        FLG,
        ["1", "2012-05-01", "", "边缘易致贫户", "是", "是", "是", "否", "劝返复学", "", "", "", "否"],
        ["2", "2012-05-01", "", "", "是", "是", "是", "否", "", "", "", "", ""]
    ],
    []
);
case!(
    finds_water_unsafe_without_measure,
    "water-unsafe-without-measure",
    [FLG, ["1", "1980-05-01", "", "边缘易致贫户", "否", "否", "是", "否", "", "", "", "", "否"]],
    [[2]]
);
case!(
    passes_water_unsafe_without_measure,
    "water-unsafe-without-measure",
    [FLG, ["1", "1980-05-01", "", "边缘易致贫户", "否", "否", "是", "否", "", "改水", "", "", "否"]],
    []
);
case!(
    finds_uninsured_without_health_measure,
    "uninsured-without-health-measure",
    [
        FLG,
        ["1", "1980-05-01", "", "边缘易致贫户", "否", "是", "是", "否", "", "", "", "", "否"],
        ["1", "1982-05-01", "", "边缘易致贫户", "否", "是", "否", "否", "", "", "", "", "否"]
    ],
    [[2, 3]]
);
case!(
    passes_uninsured_without_health_measure,
    "uninsured-without-health-measure",
    [
        FLG,
        ["1", "1980-05-01", "", "边缘易致贫户", "否", "是", "否", "否", "", "", "", "代缴医保", "否"],
        ["2", "1980-05-01", "", "边缘易致贫户", "否", "是", "否", "是", "", "", "", "", "否"]
    ],
    []
);
case!(
    finds_out_of_school_flag_without_child,
    "out-of-school-flag-without-child",
    [
        FLG,
        ["1", "1980-05-01", "", "边缘易致贫户", "是", "是", "是", "否", "", "", "", "", "否"],
        ["1", "2010-05-01", "八年级", "边缘易致贫户", "是", "是", "是", "否", "", "", "", "", "否"]
    ],
    [[2, 3]]
);
case!(
    passes_out_of_school_flag_without_child,
    "out-of-school-flag-without-child",
    [
        FLG,
        ["1", "1980-05-01", "", "边缘易致贫户", "是", "是", "是", "否", "", "", "", "", "否"],
        ["1", "2010-05-01", "", "边缘易致贫户", "是", "是", "是", "否", "", "", "", "", "否"]
    ],
    []
);

// ---- measures and income ----

const EMP: [&str; 12] = [
    "户编号",
    "劳动技能",
    "监测对象类别",
    "风险是否已消除",
    "识别监测时间",
    "工资性收入",
    "产业帮扶",
    "就业帮扶",
    "公益性岗位帮扶",
    "金融帮扶",
    "实施开发式帮扶措施情况",
    "综合保障",
];
case!(
    finds_employment_measure_without_wage_income,
    "employment-measure-without-wage-income",
    [EMP, ["1", "普通劳动力", "边缘易致贫户", "是", "202201", "0", "", "外出务工补贴", "", "", "", ""]],
    [[2]]
);
case!(
    passes_employment_measure_without_wage_income,
    "employment-measure-without-wage-income",
    [
        EMP,
        ["1", "普通劳动力", "边缘易致贫户", "是", "202201", "12000", "", "外出务工补贴", "", "", "", ""],
        ["2", "普通劳动力", "边缘易致贫户", "否", "202201", "0", "", "外出务工补贴", "", "", "", ""]
    ],
    []
);
case!(
    finds_labour_without_development_measure,
    "labour-without-development-measure",
    [
        EMP,
        ["1", "无劳动力", "边缘易致贫户", "否", "202201", "0", "", "", "", "", "", "低保"],
        ["1", "普通劳动力", "边缘易致贫户", "否", "202201", "0", "", "", "", "", "", "低保"]
    ],
    [[2, 3]]
);
case!(
    passes_labour_without_development_measure,
    "labour-without-development-measure",
    [
        EMP,
        ["1", "普通劳动力", "边缘易致贫户", "否", "202311", "0", "", "", "", "", "", "低保"],
        ["2", "无劳动力", "边缘易致贫户", "否", "202201", "0", "", "", "", "", "", "低保"],
        ["3", "普通劳动力", "边缘易致贫户", "否", "202201", "0", "种植", "", "", "", "", ""]
    ],
    []
);
case!(
    finds_development_flag_without_measure,
    "development-flag-without-measure",
    [EMP, ["1", "普通劳动力", "边缘易致贫户", "否", "202201", "0", "其他", "技能培训", "", "", "是", ""]],
    [[2]]
);
case!(
    passes_development_flag_without_measure,
    "development-flag-without-measure",
    [
        EMP,
        ["1", "普通劳动力", "边缘易致贫户", "否", "202201", "0", "种植", "", "", "", "是", ""],
        ["2", "普通劳动力", "边缘易致贫户", "否", "202201", "0", "", "", "", "", "尚未实施", ""]
    ],
    []
);
case!(
    finds_employment_measure_without_labour,
    "employment-measure-without-labour",
    [
        EMP,
        ["1", "无劳动力", "边缘易致贫户", "否", "202201", "0", "", "", "护林员", "", "", ""],
        ["1", "丧失劳动力", "边缘易致贫户", "否", "202201", "0", "", "", "护林员", "", "", ""]
    ],
    [[2, 3]]
);
case!(
    passes_employment_measure_without_labour,
    "employment-measure-without-labour",
    [
        EMP,
        ["1", "无劳动力", "边缘易致贫户", "否", "202201", "0", "", "外出务工补贴", "", "", "", ""],
        ["1", "弱劳动力或半劳动力", "边缘易致贫户", "否", "202201", "0", "", "外出务工补贴", "", "", "", ""],
        ["2", "无劳动力", "边缘易致贫户", "否", "202201", "0", "", "", "", "", "", "低保"]
    ],
    []
);

const SPW: [&str; 3] = ["户编号", "享受特困供养政策情况", "就业渠道（易地搬迁后扶使用）"];
case!(finds_special_support_working, "special-support-working", [SPW, ["1", "农村特困", "外出务工"]], [[2]]);
case!(
    passes_special_support_working,
    "special-support-working",
    [SPW, ["1", "农村特困", ""], ["2", "未享受", "外出务工"]],
    []
);

const AID: [&str; 3] = ["户编号", "在校生状况", "义务教育保障"];
case!(
    finds_compulsory_aid_without_pupil,
    "compulsory-aid-without-pupil",
    [AID, ["1", "本科二年级", "生活补助"], ["1", "", "生活补助"]],
    [[2, 3]]
);
case!(
    passes_compulsory_aid_without_pupil,
    "compulsory-aid-without-pupil",
    [AID, ["1", "本科二年级", "生活补助"], ["1", "八年级", "生活补助"], ["2", "本科二年级", "劝返复学"]],
    []
);

const MED: [&str; 5] = ["户编号", "风险是否已消除", "致贫/返贫风险1", "致贫/返贫风险2", "合规自付支出"];
case!(
    finds_risk_illness_no_medical_expense,
    "risk-illness-no-medical-expense",
    [MED, ["1", "否", "缺劳动力", "因病", "0"], ["2", "否", "因病", "", ""]],
    [[2], [3]]
);
case!(
    passes_risk_illness_no_medical_expense,
    "risk-illness-no-medical-expense",
    [MED, ["1", "否", "因病", "", "3200"], ["2", "是", "因病", "", "0"], ["3", "否", "因残", "", "0"]],
    []
);

// ---- living conditions and land ----

const LIV: [&str; 11] = [
    "户编号",
    "户类型",
    "监测对象类别",
    "是否危房户",
    "是否解决安全饮用水",
    "入户道路是否硬化",
    "住房面积",
    "与村主干路距离",
    "耕地面积（亩）",
    "林地面积（亩）",
    "退耕还林面积（亩）",
];
case!(
    finds_household_conditions_missing,
    "household-conditions-missing",
    [LIV, ["1", "脱贫户", "", "否", "是", "是", "", "0.5", "", "", ""]],
    [[2]]
);
case!(
    passes_household_conditions_missing,
    "household-conditions-missing",
    [
        LIV,
        ["1", "脱贫户", "", "否", "是", "是", "80", "0.5", "", "", ""],
        ["2", "普通农户", "", "", "", "", "", "", "", "", ""]
    ],
    []
);
case!(
    finds_road_distance_not_number,
    "road-distance-not-number",
    [LIV, ["1", "脱贫户", "", "否", "是", "是", "80", "近", "", "", ""]],
    [[2]]
);
case!(
    passes_road_distance_not_number,
    "road-distance-not-number",
    [
        LIV,
        ["1", "脱贫户", "", "否", "是", "是", "80", "1.5", "", "", ""],
        ["2", "脱贫户", "", "否", "是", "是", "80", "", "", "", ""]
    ],
    []
);
case!(
    finds_land_area_implausible,
    "land-area-implausible",
    [
        LIV,
        ["1", "脱贫户", "", "否", "是", "是", "80", "1", "350", "", ""],
        ["2", "脱贫户", "", "否", "是", "是", "80", "1", "3", "-2", ""]
    ],
    [[2], [3]]
);
case!(
    passes_land_area_implausible,
    "land-area-implausible",
    [
        LIV,
        ["1", "脱贫户", "", "否", "是", "是", "80", "1", "3.5", "12", "200"],
        ["2", "脱贫户", "", "否", "是", "是", "80", "1", "", "", ""]
    ],
    []
);

/// Runs the built-in check `key` over `rows` with the 务工监测 table `work` beside them; the
/// rows of each of its findings.
fn rows_with_work(key: &str, rows: &[&[&str]], work: Option<&[&[&str]]>) -> Vec<Vec<u32>> {
    let mut profile = Profile::monitoring_2021();
    profile.custom.retain(|r| r.key == key);
    assert_eq!(profile.custom.len(), 1, "no built-in check {key}");
    let table = Table::from_rows(rows);
    let mapping = Mapping::new(table.headers(), &BTreeMap::new());
    let mut ctx = Context::new(&table, &mapping, &profile);
    ctx.work = work.map(|w| crate::facts::work::WorkRecords::new("务工监测".to_owned(), Table::from_rows(w)));
    let mut findings: Vec<Finding> = Vec::new();
    crate::check::run::custom(&ctx, &mut findings, &mut |_| {});
    assert!(!findings.iter().any(|f| f.rule == "column-missing"), "{key} lacks a column");
    findings.iter().filter(|f| f.rule == key).map(|f| f.rows.clone()).collect()
}

const WORK_OF_P1: &[&[&str]] = &[&["人编号", "是否已务工", "开始时间"], &["p1", "是", "2023年03月"]];

#[test]
fn finds_risk_work_without_work_record() {
    let rows: &[&[&str]] = &[
        &["户编号", "人编号", "与户主关系", "致贫/返贫风险1", "风险是否已消除"],
        &["1", "p1", "户主", "因务工就业不稳", "否"],
        &["2", "p2", "户主", "因务工就业不稳", "否"],
        &["2", "p3", "之子", "", ""],
    ];
    assert_eq!(rows_with_work("risk-work-without-work-record", rows, Some(WORK_OF_P1)), [vec![3, 4]]);
}

#[test]
fn passes_risk_work_without_work_record() {
    let rows: &[&[&str]] = &[
        &["户编号", "人编号", "与户主关系", "致贫/返贫风险1", "风险是否已消除"],
        &["1", "p1", "户主", "因务工就业不稳", "否"],
        &["2", "p2", "户主", "因务工就业不稳", "是"],
        &["3", "p3", "户主", "因病", "否"],
    ];
    assert!(rows_with_work("risk-work-without-work-record", rows, Some(WORK_OF_P1)).is_empty());
    // Without a work table the check has nothing to ask, and reports no missing column.
    let alone: &[&[&str]] = &[rows[0], &["2", "p2", "户主", "因务工就业不稳", "否"]];
    assert!(rows_with_work("risk-work-without-work-record", alone, None).is_empty());
}

#[test]
fn finds_employment_measure_without_work_record() {
    let rows: &[&[&str]] = &[
        &["户编号", "人编号", "与户主关系", "就业帮扶", "公益性岗位帮扶"],
        &["1", "p1", "户主", "外出务工补贴", ""],
        &["2", "p2", "户主", "", "护林员"],
    ];
    assert_eq!(rows_with_work("employment-measure-without-work-record", rows, Some(WORK_OF_P1)), [vec![3]]);
}

#[test]
fn passes_employment_measure_without_work_record() {
    let rows: &[&[&str]] = &[
        &["户编号", "人编号", "与户主关系", "就业帮扶", "公益性岗位帮扶"],
        &["1", "p9", "户主", "", ""],
        &["1", "p1", "之子", "外出务工补贴", ""],
        &["2", "p2", "户主", "", ""],
    ];
    assert!(rows_with_work("employment-measure-without-work-record", rows, Some(WORK_OF_P1)).is_empty());
}

#[test]
fn finds_educated_monitored_without_work_record() {
    let rows: &[&[&str]] = &[
        &["户编号", "人编号", "证件号码", "与户主关系", "监测对象类别", "文化程度"],
        &["1", "p1", "360426199101010071", "户主", "边缘易致贫户", "大专"],
        &["1", "p2", "360426199202020025", "配偶", "边缘易致贫户", "本科及以上"],
    ];
    assert_eq!(rows_with_work("educated-monitored-without-work-record", rows, Some(WORK_OF_P1)), [vec![3]]);
}

#[test]
fn passes_educated_monitored_without_work_record() {
    let rows: &[&[&str]] = &[
        &["户编号", "人编号", "证件号码", "与户主关系", "监测对象类别", "文化程度"],
        &["1", "p1", "360426199101010071", "户主", "边缘易致贫户", "大专"],
        &["1", "p2", "360426195202020027", "配偶", "边缘易致贫户", "本科及以上"],
        &["2", "p3", "360426199303030011", "户主", "", "大专"],
        &["3", "p4", "360426199404040016", "户主", "边缘易致贫户", "高中"],
    ];
    assert!(rows_with_work("educated-monitored-without-work-record", rows, Some(WORK_OF_P1)).is_empty());
}
