//! A 务工监测 sheet beside the person sheet of one workbook: recognised, joined by 人编号 (or
//! 证件号码), and its spells checked against the person rows.
#![cfg(not(target_arch = "wasm32"))]

use huqing::{check, Options, Report};

/// A workbook of the given sheets, each a list of rows.
fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

const PERSONS: &[&[&str]] = &[
    &["户编号", "人编号", "姓名", "证件号码", "出生日期", "与户主关系", "劳动技能"],
    &["5201", "p1", "张三", "360426199101010071", "1991-01-01", "户主", "普通劳动力"],
    &["5201", "p2", "李四", "360426199202020029", "1992-02-02", "配偶", "丧失劳动力"],
    &["5201", "p3", "张小", "360426201006010017", "2010-06-01", "之子", "无劳动力"],
];

const WORK: &[&[&str]] = &[
    &["人编号", "是否已务工", "开始时间", "结束时间", "务工所在县", "就业渠道", "务工月收入"],
    &["p1", "是", "2023年01月", "2023年08月", "长顺县", "县内务工", "3000"],
    &["p1", "是", "2023年05月", "", "花溪区", "县外省内务工", "3500"],
    &["p2", "是", "2023年03月", "2023年06月", "", "县内务工", "2000"],
    &["p3", "否", "", "", "", "", ""],
];

fn run(bytes: &[u8]) -> Report {
    let opts = Options { reference_date: Some("2023-12-31".to_owned()), ..Default::default() };
    check(bytes, "监测.xlsx", &opts, &mut |_, _| {}).expect("the workbook reads")
}

fn work_findings(report: &Report) -> Vec<(String, Vec<u32>)> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("work-"))
        .map(|f| (f.rule.to_string(), f.rows.clone()))
        .collect()
}

#[test]
fn finds_the_work_sheets_faults_on_the_person_rows() {
    // The work sheet comes first: the person sheet is still the one checked.
    let report = run(&workbook(&[("务工监测", WORK), ("人员信息", PERSONS)]));
    assert_eq!(report.sheet, "人员信息");
    let mut found = work_findings(&report);
    found.sort();
    let want: Vec<(String, Vec<u32>)> =
        [("work-county-missing", vec![3]), ("work-periods-overlap", vec![2]), ("work-without-labour", vec![3])]
            .iter()
            .map(|(r, rows)| (r.to_string(), rows.clone()))
            .collect();
    assert_eq!(found, want);
    let overlap = report.findings.iter().find(|f| f.rule == "work-periods-overlap").unwrap();
    assert!(
        overlap.message_zh.contains("务工监测") && overlap.message_zh.contains("第 2、3 行"),
        "{}",
        overlap.message_zh
    );
}

#[test]
fn finds_a_child_working_joined_by_id() {
    let work: &[&[&str]] =
        &[&["证件号码", "开始时间", "结束时间", "务工所在县"], &["360426201006010017", "2024年03月", "", "长顺县"]];
    let report = run(&workbook(&[("人员信息", PERSONS), ("务工", work)]));
    // The boy is recorded 无劳动力 too.
    let mut found = work_findings(&report);
    found.sort();
    assert_eq!(found, [("work-start-under-age".to_owned(), vec![4]), ("work-without-labour".to_owned(), vec![4])]);
}

#[test]
fn passes_without_a_work_sheet_and_checks_a_work_sheet_alone() {
    assert!(work_findings(&run(&workbook(&[("人员信息", PERSONS)]))).is_empty());
    let work: &[&[&str]] =
        &[&["姓名", "证件号码", "开始时间", "务工所在县"], &["张三", "360426199101010071", "2023年01月", ""]];
    let alone = run(&workbook(&[("务工监测", work)]));
    assert_eq!(alone.sheet, "务工监测");
    assert!(work_findings(&alone).is_empty(), "a work sheet checked on its own is no companion of itself");
}

const PLAN: &[&[&str]] = &[
    &["人编号", "户类型", "是否计划务工", "计划务工所在县", "就业服务需求"],
    &["p1", "脱贫户", "是", "长顺县", "岗位信息"],
    &["p3", "脱贫户", "是", "", "技能培训"],
];

#[test]
fn finds_the_planned_work_sheets_faults() {
    let report = run(&workbook(&[("人员信息", PERSONS), ("计划外出务工", PLAN), ("务工监测", WORK)]));
    assert_eq!(report.sheet, "人员信息");
    let plan = report.findings.iter().find(|f| f.rule == "work-plan-facts-missing").expect("the plan sheet is joined");
    assert_eq!((plan.rows.clone(), plan.value.as_str()), (vec![4], "计划务工所在县"));
    assert!(plan.message_zh.contains("计划外出务工表（计划外出务工）第 3 行"), "{}", plan.message_zh);
    // The 务工监测 sheet is still joined beside it.
    assert!(report.findings.iter().any(|f| f.rule == "work-periods-overlap"));
}

fn run_beside(person: &[u8], work_name: &str, work: &[u8]) -> Result<Report, huqing::Error> {
    let opts = Options {
        reference_date: Some("2023-12-31".to_owned()),
        work: Some(huqing::WorkFile { name: work_name.to_owned(), bytes: work.to_vec() }),
        ..Default::default()
    };
    check(person, "人员.xlsx", &opts, &mut |_, _| {})
}

#[test]
fn finds_the_faults_of_a_work_file_beside_the_person_file() {
    let person = workbook(&[("人员信息", PERSONS)]);
    let report = run_beside(&person, "务工.xlsx", &workbook(&[("务工监测", WORK), ("计划外出务工", PLAN)])).unwrap();
    let mut found = work_findings(&report);
    found.sort();
    let want: Vec<(String, Vec<u32>)> = [
        ("work-county-missing", vec![3]),
        ("work-periods-overlap", vec![2]),
        ("work-plan-facts-missing", vec![4]),
        ("work-without-labour", vec![3]),
        // p3, 无劳动力, plans to work away.
        ("work-without-labour", vec![4]),
    ]
    .iter()
    .map(|(r, rows)| (r.to_string(), rows.clone()))
    .collect();
    assert_eq!(found, want);
    let overlap = report.findings.iter().find(|f| f.rule == "work-periods-overlap").unwrap();
    assert!(
        overlap.message_zh.contains("务工.xlsx（务工监测）") && overlap.message_zh.contains("第 2、3 行"),
        "{}",
        overlap.message_zh
    );

    // A CSV export of the 务工监测 table alone is named by the file.
    let csv: String = WORK.iter().map(|r| r.join(",") + "\n").collect();
    let report = run_beside(&person, "务工监测.csv", csv.as_bytes()).unwrap();
    let county = report.findings.iter().find(|f| f.rule == "work-county-missing").unwrap();
    assert!(county.message_zh.contains("（务工监测.csv）第 4 行"), "{}", county.message_zh);
}

#[test]
fn a_work_file_replaces_the_workbooks_work_sheet_and_a_wrong_one_is_refused() {
    let clean: &[&[&str]] = &[WORK[0], WORK[1]];
    let person = workbook(&[("人员信息", PERSONS), ("务工监测", WORK)]);
    let report = run_beside(&person, "务工.xlsx", &workbook(&[("务工监测", clean)])).unwrap();
    assert!(work_findings(&report).is_empty(), "{:?}", work_findings(&report));

    let e = run_beside(&person, "名单.xlsx", &workbook(&[("人员信息", PERSONS)])).unwrap_err();
    assert_eq!(e.code(), "bad-work");
    assert!(e.message_zh().contains("名单.xlsx"), "{}", e.message_zh());
    let e = run_beside(&person, "坏.xlsx", b"not a workbook").unwrap_err();
    assert_eq!(e.code(), "bad-work");
}

#[test]
fn the_work_record_checks_of_monitoring_2021_read_the_work_file() {
    let person: &[&[&str]] = &[
        &["户编号", "人编号", "证件号码", "与户主关系", "劳动技能", "致贫/返贫风险1", "风险是否已消除", "就业帮扶"],
        &["5201", "p1", "360426199101010071", "户主", "普通劳动力", "因务工就业不稳", "否", "外出务工补贴"],
        &["5202", "p4", "360426199303030011", "户主", "普通劳动力", "因务工就业不稳", "否", "外出务工补贴"],
    ];
    let opts = |work: Option<huqing::WorkFile>| Options {
        profile: Some("monitoring-2021".to_owned()),
        reference_date: Some("2023-12-31".to_owned()),
        work,
        ..Default::default()
    };
    let keys = ["risk-work-without-work-record", "employment-measure-without-work-record"];
    let bytes = workbook(&[("人员信息", person)]);
    let found = |report: &Report| -> Vec<(String, Vec<u32>)> {
        let mut f: Vec<_> = report
            .findings
            .iter()
            .filter(|f| keys.contains(&f.rule.as_ref()))
            .map(|f| (f.rule.to_string(), f.rows.clone()))
            .collect();
        f.sort();
        f
    };
    let file = huqing::WorkFile { name: "务工.xlsx".to_owned(), bytes: workbook(&[("务工监测", &WORK[..2])]) };
    let report = check(&bytes, "人员.xlsx", &opts(Some(file)), &mut |_, _| {}).unwrap();
    assert_eq!(found(&report), [(keys[1].to_owned(), vec![3]), (keys[0].to_owned(), vec![3])]);
    // Without a work table the checks are skipped, and name no missing column.
    let report = check(&bytes, "人员.xlsx", &opts(None), &mut |_, _| {}).unwrap();
    assert!(found(&report).is_empty());
    assert!(!report
        .findings
        .iter()
        .any(|f| f.rule == "column-missing" && keys.iter().any(|k| f.message_en.contains(k))));
}
