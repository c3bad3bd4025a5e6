//! The checks across files as SQL over the person index (`huqing sql`): the duplicates, the
//! join of household lists with person lists, and the comparison lists against every register. Generated from the definitions the batch runs on:
//! the rules' keys, severities and messages from the catalogue (as a profile sets them), the ID
//! parts typo detection blocks on, the name similarity's threshold, the exemption list's
//! matching. DuckDB and Spark SQL differ only in a few functions ([`Dialect`]).
//!
//! The text is a script of named steps, each one `SELECT` to keep as a table of that name (the
//! engine's temporary table or cached view): `-- step NAME`. One step is repeated until a query
//! no longer changes (`-- repeat NAME until QUERY`): label propagation over the links of likely
//! duplicates, which finds their groups as the batch's union-find does, in as many rounds as the
//! longest chain of links (one or two in practice). The last step, `-- result`, gives the
//! findings in the batch's cross-file shape and order: rule, severity, value, messages, locations (file,
//! row, 户编号, 乡镇, 行政村, 姓名, 证件号码 as written, in file then row order), exempted (the
//! reason of the exemption-list line that matches it, as the batch matches them). The index is
//! read as the table `person_index`, each register's households as `household_sides`, the
//! exemption list's lines as `exemptions`, the comparison lists' rows as `list_rows` (their
//! findings are those `check --compare` gives each register, from the kinds of src/compare).

use crate::base::finding::Severity;
use crate::compare;
use crate::domain::names::SIMILAR_MIN_CHARS;
use crate::profile::Profile;
use crate::rules;

/// The SQL engine the text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
}

impl Dialect {
    pub fn parse(name: &str) -> Option<Dialect> {
        match name {
            "duckdb" => Some(Dialect::DuckDb),
            "spark" => Some(Dialect::Spark),
            _ => None,
        }
    }

    /// A string literal.
    pub(super) fn lit(self, s: &str) -> String {
        let s = s.replace('\'', "''");
        // Spark reads backslashes in literals as escapes; DuckDB does not.
        let s = if self == Dialect::Spark { s.replace('\\', "\\\\") } else { s };
        format!("'{s}'")
    }

    /// The number of positions where `a` and `b`, of equal length in characters, differ.
    fn hamming(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("hamming({a}, {b})"),
            Dialect::Spark => {
                format!("size(filter(sequence(1, length({a})), i -> substr({a}, i, 1) <> substr({b}, i, 1)))")
            }
        }
    }

    /// `expr` of the group's rows joined by `sep` in the order of `order`.
    pub(super) fn joined(self, expr: &str, sep: &str, order: &str) -> String {
        match self {
            Dialect::DuckDb => format!("string_agg({expr}, {} ORDER BY {order})", self.lit(sep)),
            Dialect::Spark => format!(
                "array_join(transform(array_sort(collect_list(named_struct('o', {order}, 'v', {expr}))), x -> x.v), {})",
                self.lit(sep)
            ),
        }
    }

    /// A struct of `fields` (name, expression).
    fn structure(self, fields: &[(&str, String)]) -> String {
        match self {
            Dialect::DuckDb => {
                let f: Vec<String> = fields.iter().map(|(n, e)| format!("{n} := {e}")).collect();
                format!("struct_pack({})", f.join(", "))
            }
            Dialect::Spark => {
                let f: Vec<String> = fields.iter().map(|(n, e)| format!("'{n}', {e}")).collect();
                format!("named_struct({})", f.join(", "))
            }
        }
    }

    /// `body` of each element `var` of the list `list`.
    fn each(self, list: &str, var: &str, body: &str) -> String {
        match self {
            Dialect::DuckDb => format!("list_transform({list}, lambda {var}: {body})"),
            Dialect::Spark => format!("transform({list}, {var} -> {body})"),
        }
    }

    /// A list of the one element `e`.
    fn single(self, e: &str) -> String {
        match self {
            Dialect::DuckDb => format!("list_value({e})"),
            Dialect::Spark => format!("array({e})"),
        }
    }

    /// The lists `a` then `b`.
    fn concat(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("list_concat({a}, {b})"),
            Dialect::Spark => format!("concat({a}, {b})"),
        }
    }

    /// The first element of a list.
    fn first(self, list: &str) -> String {
        match self {
            Dialect::DuckDb => format!("{list}[1]"),
            Dialect::Spark => format!("element_at({list}, 1)"),
        }
    }

    /// The group's rows as a list of structs of `fields` (name, expression), in `order`.
    pub(super) fn list(self, fields: &[(&str, &str)], order: &str) -> String {
        match self {
            Dialect::DuckDb => {
                let f: Vec<String> = fields.iter().map(|(n, e)| format!("{n} := {e}")).collect();
                format!("list(struct_pack({}) ORDER BY {order})", f.join(", "))
            }
            Dialect::Spark => {
                let f: Vec<String> = fields.iter().map(|(n, e)| format!("'{n}', {e}")).collect();
                let out: Vec<String> = fields.iter().map(|(n, _)| format!("'{n}', x.{n}")).collect();
                format!(
                    "transform(array_sort(collect_list(named_struct('o', {order}, {}))), x -> named_struct({}))",
                    f.join(", "),
                    out.join(", ")
                )
            }
        }
    }
}

const SAME_ID: &str = "person-in-multiple-households";
/// The characters of an ID a blocking key leaves out (see `possible_duplicates`).
const ID_PART: usize = 3;

/// A person row as a finding's location: the field, and the index column (or expression) it is.
const LOCATION: [(&str, &str); 7] = [
    ("file", "file"),
    ("row", "sheet_row"),
    ("household", "coalesce(household, '')"),
    ("township", "coalesce(township, '')"),
    ("village", "coalesce(village, '')"),
    ("name", "name"),
    ("id", "id_written"),
];
const POSSIBLE: &str = "person-possible-duplicate";
/// A person's file and row as one number, as the step `people` numbers them.
const PID: &str = "CAST(file_no AS BIGINT) * 4294967296 + sheet_row";

/// The script for `dialect`, the rules judged by `profile` (a rule it switches off is left out,
/// its severities apply), as the batch judges them.
pub fn cross_checks(dialect: Dialect, profile: &Profile) -> String {
    let d = dialect;
    let mut s = String::new();
    s.push_str(&format!(
        "-- huqing {}: the duplicates across files, over the person index (table person_index).\n\
         -- Each `-- step NAME` is one SELECT to keep as table NAME; `-- repeat NAME until QUERY`\n\
         -- replaces NAME with its SELECT until QUERY gives the same value twice; `-- result` is\n\
         -- the findings. Generated by `huqing sql --dialect {}`: do not edit.\n\n",
        env!("CARGO_PKG_VERSION"),
        if d == Dialect::DuckDb { "duckdb" } else { "spark" }
    ));

    // A person: its file and row as one number (file then row order, as the batch orders them),
    // its household as one key (a household exported in two files is one household).
    step(
        &mut s,
        "people",
        "SELECT file_no, file, sheet_row, CAST(file_no AS BIGINT) * 4294967296 + sheet_row AS pid,\n\
         \x20 CASE WHEN household IS NULL THEN NULL\n\
         \x20   ELSE concat_ws(chr(31), CAST(coalesce(year, 0) AS STRING), household, township, village) END AS hh,\n\
         \x20 coalesce(year, 0) AS yr, household, township, village, id, id_written, id_key, name, name_key, birth,\n\
         \x20 coalesce(sex, 0) AS sex, dead\n\
         FROM person_index",
    );

    let mut members = Vec::new();
    if profile.enabled(SAME_ID) {
        // One canonical ID in two or more households of one year, in more than one file.
        step(
            &mut s,
            "same_id",
            "SELECT p.yr, p.id, p.pid, p.file_no, p.file, p.sheet_row, p.household, p.township, p.village, p.name,\n\
             \x20 p.id_written, p.id_key\n\
             FROM people p JOIN (\n\
             \x20 SELECT yr, id FROM people WHERE hh IS NOT NULL AND id IS NOT NULL\n\
             \x20 GROUP BY yr, id HAVING count(DISTINCT hh) > 1 AND count(DISTINCT file_no) > 1\n\
             ) g ON p.yr = g.yr AND p.id = g.id\n\
             WHERE p.hh IS NOT NULL",
        );
        members.push(format!(
            "SELECT {} AS rule, 0 AS rule_order, concat(CAST(yr AS STRING), ':', id) AS grp, id AS value, pid, file_no,\n\
             \x20 file, sheet_row, household, township, village, name, id_written, id_key\n\
             FROM same_id",
            d.lit(SAME_ID)
        ));
    }
    if profile.enabled(POSSIBLE) {
        possible_duplicates(&mut s, d);
        members.push(format!(
            "SELECT {} AS rule, 1 AS rule_order, CAST(l.label AS STRING) AS grp, CAST(NULL AS STRING) AS value, p.pid,\n\
             \x20 p.file_no, p.file, p.sheet_row, p.household, p.township, p.village, p.name, p.id_written, p.id_key\n\
             FROM labels l JOIN people p ON p.pid = l.node\n\
             WHERE l.label IN (SELECT l2.label FROM labels l2 JOIN people p2 ON p2.pid = l2.node\n\
             \x20 GROUP BY l2.label HAVING count(DISTINCT p2.file_no) > 1)",
            d.lit(POSSIBLE)
        ));
    }
    if members.is_empty() {
        members.push(
            "SELECT CAST(NULL AS STRING) AS rule, 0 AS rule_order, CAST(NULL AS STRING) AS grp,\n\
             \x20 CAST(NULL AS STRING) AS value, CAST(0 AS BIGINT) AS pid, 0 AS file_no, CAST(NULL AS STRING) AS file,\n\
             \x20 0 AS sheet_row, CAST(NULL AS STRING) AS household, CAST(NULL AS STRING) AS township,\n\
             \x20 CAST(NULL AS STRING) AS village, CAST(NULL AS STRING) AS name, CAST(NULL AS STRING) AS id_written,\n\
             \x20 CAST(NULL AS STRING) AS id_key\n\
             FROM people WHERE 1 = 0"
                .to_owned(),
        );
    }
    step(&mut s, "members", &members.join("\nUNION ALL\n"));

    // The exemption list (table exemptions), as the batch matches it: the first line naming one
    // of the group's people (by the ID's key) for its rule or every rule; else the first naming
    // one of its households and no person.
    step(
        &mut s,
        "exempt",
        "SELECT x.rule, x.grp, e.reason FROM (\n\
         \x20 SELECT rule, grp, coalesce(min(CASE WHEN by_person THEN line END), min(line)) AS line FROM (\n\
         \x20   SELECT m.rule, m.grp, e.line, true AS by_person FROM members m JOIN exemptions e ON e.person = m.id_key\n\
         \x20   WHERE e.rule IS NULL OR e.rule = m.rule\n\
         \x20   UNION ALL\n\
         \x20   SELECT m.rule, m.grp, e.line, false AS by_person FROM members m JOIN exemptions e ON e.household = m.household\n\
         \x20   WHERE e.person IS NULL AND (e.rule IS NULL OR e.rule = m.rule)) c\n\
         \x20 GROUP BY rule, grp) x\n\
         JOIN exemptions e ON e.line = x.line",
    );

    // The households a finding names, "file 户编号", each once, in order of first appearance; the
    // IDs of a likely duplicate as written, a run of one ID written once.
    step(
        &mut s,
        "named",
        "SELECT rule, grp, concat(file, ' ', coalesce(household, '')) AS place, min(pid) AS first_pid\n\
         FROM members GROUP BY rule, grp, concat(file, ' ', coalesce(household, ''))",
    );
    step(
        &mut s,
        "households_text",
        &format!(
            "SELECT rule, grp, {} AS households, count(*) AS places FROM named GROUP BY rule, grp",
            d.joined("place", "、", "first_pid")
        ),
    );
    step(
        &mut s,
        "ids_text",
        &format!(
            "SELECT rule, grp, {} AS ids FROM (\n\
             \x20 SELECT rule, grp, pid, id_written,\n\
             \x20   lag(id_written) OVER (PARTITION BY rule, grp ORDER BY pid) AS prev_id,\n\
             \x20   row_number() OVER (PARTITION BY rule, grp ORDER BY pid) AS n\n\
             \x20 FROM members) w\n\
             WHERE n = 1 OR id_written <> prev_id\n\
             GROUP BY rule, grp",
            d.joined("id_written", "、", "pid")
        ),
    );
    step(
        &mut s,
        "groups",
        &format!(
            "SELECT rule, grp, min(rule_order) AS rule_order, min(pid) AS first_pid, max(value) AS canonical,\n\
             \x20 count(*) AS n_rows, {} AS locations\n\
             FROM members GROUP BY rule, grp",
            d.list(&LOCATION, "pid")
        ),
    );

    // The duplicates' findings, then those of household lists joined with person lists, in the
    // batch's order (o1 … o6).
    let value = format!("(CASE WHEN g.rule = {} THEN g.canonical ELSE i.ids END)", d.lit(SAME_ID));
    let rules = [SAME_ID, POSSIBLE].map(|key| {
        let count = if key == SAME_ID { "h.places" } else { "g.n_rows" };
        (
            key,
            vec![
                ("value", value.clone()),
                ("count", format!("CAST({count} AS STRING)")),
                ("households", "h.households".to_owned()),
            ],
        )
    });
    let mut findings = vec![format!(
        "SELECT g.rule, {} AS severity, {value} AS value,\n\
         \x20 {} AS message_zh,\n\
         \x20 {} AS message_en,\n\
         \x20 g.locations, x.reason AS exempted, g.rule_order AS o1, g.first_pid AS o2, 0 AS o3, 0 AS o4, 0 AS o5, 0 AS o6\n\
         FROM groups g JOIN households_text h ON h.rule = g.rule AND h.grp = g.grp\n\
         JOIN ids_text i ON i.rule = g.rule AND i.grp = g.grp\n\
         LEFT JOIN exempt x ON x.rule = g.rule AND x.grp = g.grp",
        cases(d, profile, "g.rule", &rules, Text::Severity),
        cases(d, profile, "g.rule", &rules, Text::Zh),
        cases(d, profile, "g.rule", &rules, Text::En),
    )];
    findings.extend(household_lists(&mut s, d, profile));
    findings.extend(comparison_lists(&mut s, d, profile));
    findings.extend(relative_lists(&mut s, d, profile));
    findings.extend(super::period_sql::period_steps(&mut s, d, profile));
    step(&mut s, "findings", &findings.join("\nUNION ALL\n"));
    s.push_str(
        "-- result\n\
         SELECT rule, severity, value, message_zh, message_en, locations, exempted FROM findings\n\
         ORDER BY o1, o2, o3, o4, o5, o6\n",
    );
    s
}

/// What [`cases`] gives for each rule.
#[derive(Clone, Copy)]
enum Text {
    Severity,
    Zh,
    En,
}

/// `CASE rule WHEN key THEN …`: each rule's severity (as `profile` sets it) or message (its
/// template filled with the SQL expressions of its placeholders, as `render` fills them).
fn cases(d: Dialect, profile: &Profile, rule: &str, rules: &[(&str, Vec<(&str, String)>)], what: Text) -> String {
    let mut out = format!("CASE {rule}");
    for (key, args) in rules {
        let meta = rules::by_key(key).expect("a registered rule").meta();
        let then = match what {
            Text::Severity => d.lit(severity_name(profile.severities.get(*key).copied().unwrap_or(meta.severity))),
            Text::Zh => message(d, meta.message_zh, "（空）", args),
            Text::En => message(d, meta.message_en, "(empty)", args),
        };
        out += &format!(" WHEN {} THEN {then}", d.lit(key));
    }
    out + " END"
}

/// The batch's join of household lists with person lists across files (see `households::join`),
/// over the index's table `household_sides`: each person list with each household list sharing
/// a 户编号 with it, household by household (size declared against members, the head on both
/// sides, households on one side only), each finding located in both files. Adds its steps to
/// `s` and gives the findings' SELECT, or none when the profile switches all four rules off.
fn household_lists(s: &mut String, d: Dialect, profile: &Profile) -> Option<String> {
    const MISSING: &str = "household-list-missing";
    const SIZE: &str = "household-list-size-mismatch";
    const HEAD: &str = "household-list-head-mismatch";
    const EXTRA: &str = "household-list-extra";
    let on = |key: &str| profile.enabled(key);
    if ![MISSING, SIZE, HEAD, EXTRA].iter().any(|k| on(k)) {
        return None;
    }
    step(
        s,
        "list_pairs",
        "SELECT DISTINCT p.file_no AS pf, l.file_no AS lf FROM household_sides p JOIN household_sides l ON p.key = l.key\n\
         WHERE p.kind = 'persons' AND l.kind = 'households'",
    );
    // A 户编号 listed twice in one household list is matched to its last row.
    step(
        s,
        "list_matches",
        "SELECT pr.pf, pr.lf, p.idx AS pi, t.idx AS li\n\
         FROM list_pairs pr JOIN household_sides p ON p.file_no = pr.pf AND p.kind = 'persons'\n\
         LEFT JOIN (SELECT file_no, key, max(idx) AS idx FROM household_sides WHERE kind = 'households' GROUP BY file_no, key) t\n\
         \x20 ON t.file_no = pr.lf AND t.key = p.key",
    );
    let both = "FROM list_matches m\n\
         \x20 JOIN household_sides p ON p.file_no = m.pf AND p.kind = 'persons' AND p.idx = m.pi\n\
         \x20 JOIN household_sides l ON l.file_no = m.lf AND l.kind = 'households' AND l.idx = m.li";
    let mut mismatches = Vec::new();
    if on(MISSING) {
        mismatches.push(format!(
            "SELECT m.pf, m.lf, m.pi, CAST(NULL AS INT) AS li, {} AS rule, 0 AS phase, m.pi AS ord, 0 AS sub,\n\
             \x20 p.written AS value, '' AS other\n\
             FROM list_matches m JOIN household_sides p ON p.file_no = m.pf AND p.kind = 'persons' AND p.idx = m.pi\n\
             WHERE m.li IS NULL",
            d.lit(MISSING)
        ));
    }
    if on(SIZE) {
        mismatches.push(format!(
            "SELECT m.pf, m.lf, m.pi, m.li, {} AS rule, 0 AS phase, m.pi AS ord, 1 AS sub,\n\
             \x20 CAST(l.size AS STRING) AS value, CAST(p.size AS STRING) AS other\n\
             {both}\n\
             WHERE l.size <> p.size",
            d.lit(SIZE)
        ));
    }
    if on(HEAD) {
        // The heads' IDs when both sides have one, else their names.
        let pick = |side: &str, what: &str| {
            format!(
                "CASE WHEN p.head_id_key IS NOT NULL AND l.head_id_key IS NOT NULL THEN {side}.head_id{what} ELSE {side}.head_name{what} END"
            )
        };
        mismatches.push(format!(
            "SELECT pf, lf, pi, li, {} AS rule, 0 AS phase, pi AS ord, 2 AS sub, theirs AS value, mine AS other FROM (\n\
             \x20 SELECT m.pf, m.lf, m.pi, m.li, {} AS a, {} AS b, {} AS mine, {} AS theirs\n\
             \x20 {both}) h\n\
             WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b",
            d.lit(HEAD),
            pick("p", "_key"),
            pick("l", "_key"),
            pick("p", ""),
            pick("l", "")
        ));
    }
    if on(EXTRA) {
        mismatches.push(format!(
            "SELECT pr.pf, pr.lf, CAST(NULL AS INT) AS pi, l.idx AS li, {} AS rule, 1 AS phase, l.idx AS ord, 0 AS sub,\n\
             \x20 l.written AS value, '' AS other\n\
             FROM list_pairs pr JOIN household_sides l ON l.file_no = pr.lf AND l.kind = 'households'\n\
             LEFT JOIN (SELECT DISTINCT pf, lf, li FROM list_matches WHERE li IS NOT NULL) s\n\
             \x20 ON s.pf = pr.pf AND s.lf = pr.lf AND s.li = l.idx\n\
             WHERE s.li IS NULL",
            d.lit(EXTRA)
        ));
    }
    step(s, "list_mismatches", &mismatches.join("\nUNION ALL\n"));
    let rows = |side: &str| {
        let fields = [
            ("file", format!("{side}.file")),
            ("row", "r".to_owned()),
            ("household", format!("{side}.written")),
            ("township", format!("{side}.township")),
            ("village", format!("{side}.village")),
            ("name", "''".to_owned()),
            ("id", "''".to_owned()),
        ];
        d.each(&format!("{side}.rows"), "r", &d.structure(&fields))
    };
    step(
        s,
        "list_findings",
        &format!(
            "SELECT m.rule, m.pf, m.lf, m.phase, m.ord, m.sub, m.value, m.other,\n\
             \x20 coalesce(p.written, l.written) AS household, f.file AS list,\n\
             \x20 CASE WHEN l.rows IS NULL THEN '' ELSE CAST({} AS STRING) END AS list_row,\n\
             \x20 CASE WHEN p.rows IS NULL THEN {} WHEN l.rows IS NULL THEN {} ELSE {} END AS locations\n\
             FROM list_mismatches m\n\
             LEFT JOIN household_sides p ON p.file_no = m.pf AND p.kind = 'persons' AND p.idx = m.pi\n\
             LEFT JOIN household_sides l ON l.file_no = m.lf AND l.kind = 'households' AND l.idx = m.li\n\
             JOIN (SELECT DISTINCT file_no, file FROM household_sides) f ON f.file_no = m.lf",
            d.first("l.rows"),
            rows("l"),
            rows("p"),
            d.concat(&rows("p"), &rows("l"))
        ),
    );
    // The exemption list: the first line naming the household (the person list's 户编号 as
    // written, else the household list's) and no person, for the rule or every rule.
    step(
        s,
        "list_exempt",
        "SELECT x.rule, x.household, e.reason FROM (\n\
         \x20 SELECT f.rule, f.household, min(e.line) AS line\n\
         \x20 FROM (SELECT DISTINCT rule, household FROM list_findings) f JOIN exemptions e ON e.household = f.household\n\
         \x20 WHERE e.person IS NULL AND (e.rule IS NULL OR e.rule = f.rule)\n\
         \x20 GROUP BY f.rule, f.household) x\n\
         JOIN exemptions e ON e.line = x.line",
    );
    let args = vec![
        ("value", "f.value".to_owned()),
        ("list", "f.list".to_owned()),
        ("row", "f.list_row".to_owned()),
        ("other", "f.other".to_owned()),
        ("household", "f.household".to_owned()),
    ];
    let rules: Vec<(&str, Vec<(&str, String)>)> =
        [MISSING, SIZE, HEAD, EXTRA].into_iter().filter(|k| on(k)).map(|k| (k, args.clone())).collect();
    Some(format!(
        "SELECT f.rule, {} AS severity, f.value,\n\
         \x20 {} AS message_zh,\n\
         \x20 {} AS message_en,\n\
         \x20 f.locations, x.reason AS exempted, 2 AS o1, CAST(f.pf AS BIGINT) AS o2, f.lf AS o3, f.phase AS o4,\n\
         \x20 f.ord AS o5, f.sub AS o6\n\
         FROM list_findings f LEFT JOIN list_exempt x ON x.rule = f.rule AND x.household = f.household",
        cases(d, profile, "f.rule", &rules, Text::Severity),
        cases(d, profile, "f.rule", &rules, Text::Zh),
        cases(d, profile, "f.rule", &rules, Text::En),
    ))
}

/// The comparison lists (table `list_rows`) against every register, as `compare` compares one:
/// each list row matched by its ID, else by name and birth date, with the people of each file
/// (a list of deaths skipping those whose 健康状况 says 死亡); one finding a list row and file,
/// located at the register's rows then the list's row, its kind's key, severity and messages.
/// Only the kinds that only mark the match ([`compare::only_matches`]; [`relative_lists`] does
/// the others) and that the profile enables. Adds its steps to `s` and gives the findings' SELECT, or none.
fn comparison_lists(s: &mut String, d: Dialect, profile: &Profile) -> Option<String> {
    let mut kinds: Vec<compare::Kind> = Vec::new();
    for k in compare::kinds(profile) {
        if compare::only_matches(k.test) && profile.enabled(&k.key) && !kinds.iter().any(|o| o.key == k.key) {
            kinds.push(k);
        }
    }
    if kinds.is_empty() {
        return None;
    }
    let keys = |deceased: bool| -> Vec<String> {
        kinds.iter().filter(|k| !deceased || k.test == compare::Test::Deceased).map(|k| d.lit(&k.key)).collect()
    };
    let mut judged = format!("l.key IN ({})", keys(false).join(", "));
    let deceased = keys(true);
    if !deceased.is_empty() {
        judged += &format!(" AND (p.dead = 0 OR l.key NOT IN ({}))", deceased.join(", "));
    }
    let hit = "SELECT l.list_no, l.idx, l.key, CASE WHEN l.id IS NULL THEN 0 ELSE 1 END AS by_id, p.file_no, p.pid, p.file,\n\
         \x20 p.sheet_row, p.household, p.township, p.village, p.name, p.id_written, p.id_key";
    step(
        s,
        "compare_hits",
        &format!(
            "{hit}\nFROM list_rows l JOIN people p ON p.id = l.id\nWHERE {judged}\nUNION ALL\n\
             {hit}\nFROM list_rows l JOIN people p ON p.name_key = l.name_key AND p.birth = l.birth\n\
             WHERE l.id IS NULL AND l.name_key <> '' AND {judged}"
        ),
    );
    // The first row (the value quoted, the household exempted by), and the rows as locations.
    step(
        s,
        "compare_firsts",
        "SELECT list_no, idx, key, by_id, file_no, CASE WHEN by_id = 1 THEN id_written ELSE name END AS value,\n\
         \x20 household\n\
         FROM (SELECT h.*, row_number() OVER (PARTITION BY list_no, idx, file_no ORDER BY pid) AS n FROM compare_hits h) x\n\
         WHERE n = 1",
    );
    step(
        s,
        "compare_groups",
        &format!(
            "SELECT list_no, idx, file_no, {} AS locations FROM compare_hits GROUP BY list_no, idx, file_no",
            d.list(&LOCATION, "pid")
        ),
    );
    // The exemption list as `Exemptions::apply` reads it: the first of the rows whose person a
    // line names (for the kind's key or every rule), its first such line; else the first line
    // naming the household and no person.
    step(
        s,
        "compare_exempt",
        &first_line_exempt(
            &["list_no", "idx", "file_no"],
            "compare_firsts f",
            "f.household",
            "f.key",
            "SELECT h.list_no, h.idx, h.file_no, e.line, h.pid AS ord\n\
             \x20   FROM compare_hits h JOIN exemptions e ON e.person = h.id_key WHERE e.rule IS NULL OR e.rule = h.key",
        ),
    );
    let list_location = list_location(d, "l.list");
    // Each kind's messages filled as `compare` fills them ({value} is （空） in both languages).
    let args = |lang: usize| -> Vec<(&str, String)> {
        let (how_id, how_name) = if lang == 0 {
            (compare::HOW_BY_ID.0, compare::HOW_BY_NAME.0)
        } else {
            (compare::HOW_BY_ID.1, compare::HOW_BY_NAME.1)
        };
        let (open, close) = compare::SHOWN[lang];
        vec![
            ("list", "l.list".to_owned()),
            ("row", "CAST(l.row AS STRING)".to_owned()),
            (
                "shown",
                format!("CASE WHEN l.shown = '' THEN '' ELSE concat({}, l.shown, {}) END", d.lit(open), d.lit(close)),
            ),
            ("how", format!("CASE WHEN f.by_id = 1 THEN {} ELSE {} END", d.lit(how_id), d.lit(how_name))),
            ("detail", "''".to_owned()),
            ("value", "f.value".to_owned()),
        ]
    };
    let case = |what: Text| -> String {
        let mut out = "CASE f.key".to_owned();
        for k in &kinds {
            let then = match what {
                Text::Severity => {
                    d.lit(severity_name(profile.severities.get(k.key.as_ref()).copied().unwrap_or(k.severity)))
                }
                Text::Zh => message(d, &k.message_zh, "（空）", &args(0)),
                Text::En => message(d, &k.message_en, "（空）", &args(1)),
            };
            out += &format!(" WHEN {} THEN {then}", d.lit(&k.key));
        }
        out + " END"
    };
    Some(format!(
        "SELECT f.key AS rule, {} AS severity, f.value,\n\
         \x20 {} AS message_zh,\n\
         \x20 {} AS message_en,\n\
         \x20 {} AS locations, x.reason AS exempted, 3 AS o1, CAST(f.file_no AS BIGINT) AS o2, f.list_no AS o3,\n\
         \x20 f.idx AS o4, 0 AS o5, 0 AS o6\n\
         FROM compare_firsts f JOIN compare_groups g ON g.list_no = f.list_no AND g.idx = f.idx AND g.file_no = f.file_no\n\
         JOIN list_rows l ON l.list_no = f.list_no AND l.idx = f.idx\n\
         LEFT JOIN compare_exempt x ON x.list_no = f.list_no AND x.idx = f.idx AND x.file_no = f.file_no",
        case(Text::Severity),
        case(Text::Zh),
        case(Text::En),
        d.concat("g.locations", &d.single(&list_location)),
    ))
}

/// The kinds of comparison list that compare more than the match ([`compare::RowFacts`]), as
/// `compare` compares each register with them: a list row matched (by ID, else name and birth
/// date) with a row whose register says otherwise, and a row (a household, for 低保 and 特困) of
/// the latest 年度 the list lacks though the register says it should be on it. A list is taken
/// to cover every register indexed with it, as `check --compare` takes it to cover the register
/// it is given with. The index holds what the kinds read of each row (null where the register
/// lacks the column compared: nothing is then found, as `compare` finds nothing). Adds its steps
/// to `s` and gives the findings' SELECT, or none when no such kind is enabled.
fn relative_lists(s: &mut String, d: Dialect, profile: &Profile) -> Option<String> {
    use compare::Test;
    let mut kinds: Vec<compare::Kind> = Vec::new();
    for k in compare::kinds(profile) {
        if !compare::only_matches(k.test) && profile.enabled(&k.key) && !kinds.iter().any(|o| o.key == k.key) {
            kinds.push(k);
        }
    }
    if kinds.is_empty() {
        return None;
    }
    let keys = |keep: &dyn Fn(Test) -> bool| -> String {
        let k: Vec<String> = kinds.iter().filter(|k| keep(k.test)).map(|k| d.lit(&k.key)).collect();
        if k.is_empty() {
            "NULL".to_owned()
        } else {
            k.join(", ")
        }
    };
    let all = keys(&|_| true);
    let shown = |e: &str| format!("CASE WHEN coalesce({e}, '') = '' THEN {} ELSE {e} END", d.lit(compare::EMPTY));
    // The detail in both languages, from compare's words with the SQL of their placeholders.
    let detail = |words: (&str, &str), args: &dyn Fn(usize) -> Vec<(&'static str, String)>| -> String {
        format!(
            "{} AS detail_zh, {} AS detail_en",
            message(d, words.0, "", &args(0)),
            message(d, words.1, "", &args(1))
        )
    };
    let fixed = |words: (&str, &str)| format!("{} AS detail_zh, {} AS detail_en", d.lit(words.0), d.lit(words.1));
    step(
        s,
        "relative_people",
        &format!(
            "SELECT {PID} AS pid, file_no, file, sheet_row, household, township, village, name, id, id_written, id_key,\n\
             \x20 name_key, birth, dead, household_no, current, health, disabled, schooling, school_age, at_school, age,\n\
             \x20 household_type, dibao, dibao_column, dibao_said, dibao_cell, special, special_column, special_said,\n\
             \x20 special_cell, pension, medical\n\
             FROM person_index WHERE current IS NOT NULL"
        ),
    );
    step(s, "relative_lists", &format!("SELECT DISTINCT list_no, list, key FROM list_rows WHERE key IN ({all})"));
    let hit = "SELECT l.list_no, l.idx, l.key, p.pid, p.file_no";
    step(
        s,
        "relative_matches",
        &format!(
            "{hit}\nFROM list_rows l JOIN relative_people p ON p.id = l.id\nWHERE l.key IN ({all})\nUNION ALL\n\
             {hit}\nFROM list_rows l JOIN relative_people p ON p.name_key = l.name_key AND p.birth = l.birth\n\
             WHERE l.id IS NULL AND l.name_key <> '' AND l.key IN ({all})"
        ),
    );
    step(s, "relative_on", "SELECT DISTINCT list_no, pid FROM relative_matches");
    // One row a finding: its group of register rows (`grp`, within its list and file), whether a
    // list row's (phase 0, its `idx`) or an absence (phase 1), its first row, value, detail and
    // household (the exemption list's); `many` when its rows are a household's.
    let found = "m.list_no, m.key, m.file_no";
    let present = |test_keys: &str, facts: &str, value: &str, words: String| {
        format!(
            "SELECT {found}, concat('p', CAST(m.idx AS STRING), ':', CAST(m.pid AS STRING)) AS grp, 0 AS phase, m.idx,\n\
             \x20 m.pid AS first_pid, {value} AS value, {words}, p.household, 0 AS many\n\
             FROM relative_matches m JOIN relative_people p ON p.pid = m.pid\n\
             \x20 JOIN list_rows l ON l.list_no = m.list_no AND l.idx = m.idx\n\
             WHERE m.key IN ({test_keys}) AND {facts}"
        )
    };
    let absent = |test_keys: &str, facts: &str, value: &str, words: String| {
        format!(
            "SELECT r.list_no, r.key, p.file_no, concat('a', CAST(p.pid AS STRING)) AS grp, 1 AS phase,\n\
             \x20 CAST(NULL AS INT) AS idx, p.pid AS first_pid, {value} AS value, {words}, p.household, 0 AS many\n\
             FROM (SELECT * FROM relative_people WHERE {facts}) p\n\
             \x20 CROSS JOIN (SELECT list_no, key FROM relative_lists WHERE key IN ({test_keys})) r\n\
             \x20 LEFT JOIN relative_on o ON o.list_no = r.list_no AND o.pid = p.pid\n\
             WHERE o.pid IS NULL"
        )
    };
    let mut found_rows = Vec::new();
    let disability = keys(&|t| t == Test::Disability);
    let grade = format!(
        "CASE WHEN l.grade IS NULL THEN '' ELSE concat({}, l.grade, {}) END",
        d.lit(compare::GRADE.0),
        d.lit(compare::GRADE.1)
    );
    let held = |_: usize| vec![("grade", grade.clone()), ("v", shown("p.health"))];
    found_rows.push(present(
        &disability,
        "p.health IS NOT NULL AND p.disabled = 0 AND p.dead = 0",
        "p.health",
        detail(compare::DISABILITY_HELD, &held),
    ));
    found_rows.push(absent(
        &disability,
        "health IS NOT NULL AND current = 1 AND disabled = 1",
        "p.health",
        fixed(compare::DISABILITY_UNLISTED),
    ));
    let student = keys(&|t| t == Test::Student);
    let v = |_: usize| vec![("v", shown("p.schooling"))];
    found_rows.push(present(
        &student,
        "p.schooling IS NOT NULL AND p.at_school = 0 AND p.dead = 0",
        "p.schooling",
        detail(compare::STUDENT_OUT, &v),
    ));
    let ages = &compare::COMPULSORY_SCHOOL_AGE;
    let aged = |_: usize| vec![("age", "CAST(p.school_age AS STRING)".to_owned()), ("v", shown("p.schooling"))];
    let school = |lang: usize| -> String {
        let pick = |words: (&str, &str)| message(d, if lang == 0 { words.0 } else { words.1 }, "", &aged(lang));
        let name = if lang == 0 { "zh" } else { "en" };
        let (listed, out) = (pick(compare::STUDENT_UNLISTED), pick(compare::STUDENT_DROPOUT));
        format!("CASE WHEN p.at_school = 1 THEN {listed} ELSE {out} END AS detail_{name}")
    };
    found_rows.push(absent(
        &student,
        &format!(
            "schooling IS NOT NULL AND current = 1 AND dead = 0 AND school_age BETWEEN {} AND {}",
            ages.start(),
            ages.end()
        ),
        "p.schooling",
        format!("{}, {}", school(0), school(1)),
    ));
    // 低保 and 特困: the matched rows by household (a row without a 户编号 alone), the first list
    // row's; a household the register does not mark. Then the households it marks of which no
    // row is matched.
    let policies = [(Test::Dibao, "dibao"), (Test::SpecialSupport, "special")];
    let policy = |field: &str| -> String {
        let mut out = "CASE".to_owned();
        for (test, col) in policies {
            out += &format!(" WHEN m.key IN ({}) THEN p.{col}{field}", keys(&|t| t == test));
        }
        out + " END"
    };
    let marks = keys(&|t| matches!(t, Test::Dibao | Test::SpecialSupport));
    let group =
        "CASE WHEN p.household_no IS NULL THEN concat('p', CAST(m.idx AS STRING), ':', CAST(m.pid AS STRING))\n\
         \x20   ELSE concat('h', CAST(p.household_no AS STRING)) END";
    step(
        s,
        "mark_hits",
        &format!(
            "SELECT * FROM (\n\
             \x20 SELECT m.list_no, m.key, m.file_no, m.idx, m.pid, {group} AS grp, {} AS marked,\n\
             \x20   p.household_type, p.id_written, p.household\n\
             \x20 FROM relative_matches m JOIN relative_people p ON p.pid = m.pid WHERE m.key IN ({marks})) h\n\
             WHERE marked = 0",
            policy("")
        ),
    );
    let word = |lang: usize, key: &str| -> String {
        let mut out = "CASE".to_owned();
        for (i, (test, _)) in policies.iter().enumerate() {
            let w = if lang == 0 { compare::MARK_WORDS[i].0 } else { compare::MARK_WORDS[i].1 };
            out += &format!(" WHEN {key} IN ({}) THEN {}", keys(&|t| t == *test), d.lit(w));
        }
        out + " END"
    };
    let unmarked = |lang: usize| vec![("word", word(lang, "m.key")), ("v", shown("m.household_type"))];
    found_rows.push(format!(
        "SELECT {found}, m.grp, 0 AS phase, m.idx, m.pid AS first_pid,\n\
         \x20 CASE WHEN m.household_type IS NULL THEN m.id_written ELSE m.household_type END AS value,\n\
         \x20 {}, m.household, 1 AS many\n\
         FROM (SELECT h.*, row_number() OVER (PARTITION BY list_no, file_no, grp ORDER BY idx, pid) AS n FROM mark_hits h) m\n\
         WHERE m.n = 1",
        detail(compare::MARK_UNMARKED, &unmarked)
    ));
    step(
        s,
        "mark_households",
        "SELECT file_no, household_no, min(pid) AS first_pid FROM relative_people WHERE household_no IS NOT NULL\n\
         GROUP BY file_no, household_no",
    );
    step(
        s,
        "mark_covered",
        "SELECT DISTINCT m.list_no, p.file_no, p.household_no FROM relative_matches m JOIN relative_people p ON p.pid = m.pid\n\
         WHERE p.household_no IS NOT NULL",
    );
    let said = |field: &str| -> String {
        let mut out = "CASE".to_owned();
        for (test, col) in policies {
            out += &format!(" WHEN r.key IN ({}) THEN p.{col}{field}", keys(&|t| t == test));
        }
        out + " END"
    };
    let unlisted = |lang: usize| vec![("header", said("_column")), ("v", said("_said")), ("word", word(lang, "r.key"))];
    found_rows.push(format!(
        "SELECT r.list_no, r.key, p.file_no, concat('h', CAST(p.household_no AS STRING)) AS grp, 1 AS phase,\n\
         \x20 CAST(NULL AS INT) AS idx, p.pid AS first_pid, {} AS value, {}, p.household, 1 AS many\n\
         FROM mark_households h JOIN relative_people p ON p.pid = h.first_pid AND p.current = 1\n\
         \x20 CROSS JOIN (SELECT list_no, key FROM relative_lists WHERE key IN ({marks})) r\n\
         \x20 LEFT JOIN mark_covered c ON c.list_no = r.list_no AND c.file_no = h.file_no AND c.household_no = h.household_no\n\
         WHERE c.list_no IS NULL AND {} = 1",
        said("_cell"),
        detail(compare::MARK_UNLISTED, &unlisted),
        said("")
    ));
    // Insurance: every row of the latest 年度 with an ID not on the list, from the kind's age
    // (those at school excepted when it is above 0), the register's own columns quoted.
    for k in &kinds {
        let Test::Missing { min_age } = k.test else { continue };
        let column = if min_age > 0 { "p.pension" } else { "p.medical" };
        let insured = |lang: usize| {
            let join = if lang == 0 { compare::SAID_JOIN.0 } else { compare::SAID_JOIN.1 };
            vec![("said", format!("replace({column}, chr(31), {})", d.lit(join)))]
        };
        let words = format!(
            "CASE WHEN {column} IS NULL THEN '' ELSE {} END AS detail_zh, CASE WHEN {column} IS NULL THEN '' ELSE {} END AS detail_en",
            message(d, compare::INSURED.0, "", &insured(0)),
            message(d, compare::INSURED.1, "", &insured(1))
        );
        let mut facts = "current = 1 AND id IS NOT NULL AND dead = 0".to_owned();
        if min_age > 0 {
            facts += &format!(" AND coalesce(at_school, 0) <> 1 AND age >= {min_age}");
        }
        found_rows.push(absent(&d.lit(&k.key), &facts, "p.id_written", words));
    }
    step(s, "relative_found", &found_rows.join("\nUNION ALL\n"));
    step(
        s,
        "relative_members",
        "SELECT list_no, file_no, grp, first_pid AS pid FROM relative_found WHERE many = 0\n\
         UNION ALL\n\
         SELECT DISTINCT list_no, file_no, grp, pid FROM mark_hits\n\
         UNION ALL\n\
         SELECT f.list_no, f.file_no, f.grp, p.pid FROM relative_found f\n\
         \x20 JOIN relative_people q ON q.pid = f.first_pid\n\
         \x20 JOIN relative_people p ON p.file_no = q.file_no AND p.household_no = q.household_no\n\
         WHERE f.many = 1 AND f.phase = 1",
    );
    step(
        s,
        "relative_groups",
        &format!(
            "SELECT m.list_no, m.file_no, m.grp, {} AS locations\n\
             FROM relative_members m JOIN relative_people p ON p.pid = m.pid GROUP BY m.list_no, m.file_no, m.grp",
            d.list(&LOCATION, "p.pid")
        ),
    );
    // The exemption list as `Exemptions::apply` reads it (see compare_exempt).
    step(
        s,
        "relative_exempt",
        &first_line_exempt(
            &["list_no", "file_no", "grp"],
            "relative_found f",
            "f.household",
            "f.key",
            "SELECT m.list_no, m.file_no, m.grp, e.line, m.pid AS ord\n\
             \x20   FROM relative_members m JOIN relative_found f ON f.list_no = m.list_no AND f.file_no = m.file_no\n\
             \x20     AND f.grp = m.grp\n\
             \x20   JOIN relative_people p ON p.pid = m.pid JOIN exemptions e ON e.person = p.id_key\n\
             \x20   WHERE e.rule IS NULL OR e.rule = f.key",
        ),
    );
    let list_location = list_location(d, "r.list");
    // Each kind's messages filled as `compare` fills them: a list row's `{how}` says its row.
    let args = |lang: usize| -> Vec<(&str, String)> {
        let (how_id, how_name) = if lang == 0 {
            (compare::HOW_BY_ID.0, compare::HOW_BY_NAME.0)
        } else {
            (compare::HOW_BY_ID.1, compare::HOW_BY_NAME.1)
        };
        let (open, close) = compare::SHOWN[lang];
        let how = format!("CASE WHEN l.id IS NULL THEN {} ELSE {} END", d.lit(how_name), d.lit(how_id));
        let relative = if lang == 0 { compare::RELATIVE_HOW.0 } else { compare::RELATIVE_HOW.1 };
        let how = message(d, relative, "", &[("row", "CAST(l.row AS STRING)".to_owned()), ("how", how)]);
        vec![
            ("list", "r.list".to_owned()),
            ("row", "CASE WHEN f.idx IS NULL THEN '' ELSE CAST(l.row AS STRING) END".to_owned()),
            (
                "shown",
                format!(
                    "CASE WHEN f.idx IS NULL OR l.shown = '' THEN '' ELSE concat({}, l.shown, {}) END",
                    d.lit(open),
                    d.lit(close)
                ),
            ),
            ("how", format!("CASE WHEN f.idx IS NULL THEN '' ELSE {how} END")),
            ("detail", format!("f.detail_{}", if lang == 0 { "zh" } else { "en" })),
            ("value", "f.value".to_owned()),
        ]
    };
    let case = |what: Text| -> String {
        let mut out = "CASE f.key".to_owned();
        for k in &kinds {
            let then = match what {
                Text::Severity => {
                    d.lit(severity_name(profile.severities.get(k.key.as_ref()).copied().unwrap_or(k.severity)))
                }
                Text::Zh => message(d, &k.message_zh, compare::EMPTY, &args(0)),
                Text::En => message(d, &k.message_en, compare::EMPTY, &args(1)),
            };
            out += &format!(" WHEN {} THEN {then}", d.lit(&k.key));
        }
        out + " END"
    };
    Some(format!(
        "SELECT f.key AS rule, {} AS severity, coalesce(f.value, '') AS value,\n\
         \x20 {} AS message_zh,\n\
         \x20 {} AS message_en,\n\
         \x20 CASE WHEN f.idx IS NULL THEN g.locations ELSE {} END AS locations, x.reason AS exempted, 3 AS o1,\n\
         \x20 CAST(f.file_no AS BIGINT) AS o2, f.list_no AS o3, 2 + f.phase AS o4, coalesce(f.idx, 0) AS o5,\n\
         \x20 f.first_pid AS o6\n\
         FROM relative_found f JOIN relative_groups g ON g.list_no = f.list_no AND g.file_no = f.file_no AND g.grp = f.grp\n\
         JOIN relative_lists r ON r.list_no = f.list_no\n\
         LEFT JOIN list_rows l ON l.list_no = f.list_no AND l.idx = f.idx\n\
         LEFT JOIN relative_exempt x ON x.list_no = f.list_no AND x.file_no = f.file_no AND x.grp = f.grp",
        case(Text::Severity),
        case(Text::Zh),
        case(Text::En),
        d.concat("g.locations", &d.single(&list_location)),
    ))
}

/// Links between likely duplicates under different IDs, then their groups (see
/// `PersonIndex::possible_duplicates`, which this follows link for link).
fn possible_duplicates(s: &mut String, d: Dialect) {
    // Same name key, birth date and sex, in different households under different IDs, of one
    // 年度 (or one unknown), as the batch links them.
    let namesakes = "SELECT a.pid AS a, b.pid AS b FROM people a JOIN people b\n\
         \x20 ON a.name_key = b.name_key AND a.birth = b.birth AND a.sex = b.sex AND a.pid < b.pid\n\
         WHERE a.name_key <> ''\n\
         \x20 AND (a.hh IS NULL OR b.hh IS NULL OR a.hh <> b.hh)\n\
         \x20 AND (a.yr = b.yr OR a.yr = 0 OR b.yr = 0)\n\
         \x20 AND (a.id IS NULL OR b.id IS NULL OR a.id <> b.id)";
    // IDs one substitution or one swap of neighbours apart, names similar. The batch blocks by
    // splitting runs again and again in memory; SQL cannot recurse, so it blocks at once on
    // parts small enough that any block is tiny: an edit inside one part of three characters
    // leaves the other fifteen intact, a swap across the boundary of two parts all but the two
    // characters swapped. Exact all the same (every pair one edit apart shares some key); cost:
    // one join a key, linear in the people.
    let keep = |drop: (usize, usize)| -> String {
        let parts: Vec<String> = [(0, drop.0), (drop.1, 18)]
            .iter()
            .filter(|r| r.1 > r.0)
            .map(|&(from, to)| format!("substr(id, {}, {})", from + 1, to - from))
            .collect();
        format!("concat({})", parts.join(", "))
    };
    let parts = 18 / ID_PART;
    let keys: Vec<String> = (0..parts)
        .map(|j| keep((j * ID_PART, (j + 1) * ID_PART)))
        .chain((1..parts).map(|j| keep((j * ID_PART - 1, j * ID_PART + 1))))
        .collect();
    let columns: Vec<String> = keys.iter().enumerate().map(|(i, k)| format!("{k} AS k{i}")).collect();
    step(
        s,
        "typo_people",
        &format!(
            "SELECT pid, id, name_key, yr, {}\nFROM people WHERE id IS NOT NULL AND name_key <> ''",
            columns.join(", ")
        ),
    );
    let char_at = |col: &str, i: usize| format!("substr({col}, {i}, 1)");
    let swaps: Vec<String> = (1..18)
        .map(|i| {
            format!(
                "({a} <> {b} AND {a} = {b1} AND {a1} = {b})",
                a = char_at("ida", i),
                b = char_at("idb", i),
                a1 = char_at("ida", i + 1),
                b1 = char_at("idb", i + 1)
            )
        })
        .collect();
    // Each block's pairs are judged as they are joined: only links leave it, so no engine holds
    // the candidate pairs (about nine a person) at once.
    let typos: Vec<String> = (0..keys.len())
        .map(|i| {
            format!(
                "SELECT a, b FROM (\n\
                 \x20 SELECT a.pid AS a, b.pid AS b, a.id AS ida, b.id AS idb, a.name_key AS na, b.name_key AS nb,\n\
                 \x20   {} AS edits\n\
                 \x20 FROM typo_people a JOIN typo_people b ON a.k{i} = b.k{i} AND a.pid < b.pid AND a.id <> b.id\n\
                 \x20   AND (a.yr = b.yr OR a.yr = 0 OR b.yr = 0)) c\n\
                 WHERE edits <= 2 AND (edits = 1 OR CASE WHEN edits = 2 THEN ({}) ELSE false END)\n\
                 \x20 AND (na = nb OR (length(na) = length(nb) AND length(na) >= {SIMILAR_MIN_CHARS}\n\
                 \x20   AND CASE WHEN length(na) = length(nb) THEN {} ELSE 0 END = 1))",
                d.hamming("a.id", "b.id"),
                swaps.join("\n    OR "),
                d.hamming("na", "nb")
            )
        })
        .collect();
    step(s, "typo_links", &typos.join("\nUNION\n"));
    step(s, "links", &format!("{namesakes}\nUNION\nSELECT a, b FROM typo_links"));
    step(s, "edges", "SELECT a, b FROM links UNION ALL SELECT b AS a, a AS b FROM links");
    step(s, "labels", "SELECT a AS node, least(a, min(b)) AS label FROM edges GROUP BY a");
    s.push_str(
        "-- repeat labels until SELECT sum(label) FROM labels\n\
         SELECT l.node, least(l.label, min(n.label)) AS label\n\
         FROM labels l JOIN edges e ON e.a = l.node JOIN labels n ON n.node = e.b\n\
         GROUP BY l.node, l.label;\n\n",
    );
}

pub(super) fn step(s: &mut String, name: &str, select: &str) {
    s.push_str(&format!("-- step {name}\n{select};\n\n"));
}

pub(super) fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A rule's message template as a SQL expression, as `render` fills it: each placeholder by the
/// expression `args` gives it, `{value}` by `empty` when it is empty.
pub(super) fn message(d: Dialect, template: &str, empty: &str, args: &[(&str, String)]) -> String {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("a closed placeholder");
        if open > 0 {
            parts.push(d.lit(&rest[..open]));
        }
        let name = &rest[open + 1..close];
        let expr = args.iter().find(|(n, _)| *n == name).map(|(_, e)| e.as_str());
        let expr = expr.unwrap_or_else(|| panic!("no SQL for the placeholder {{{name}}}"));
        parts.push(match name {
            "value" => format!("CASE WHEN {expr} = '' THEN {} ELSE {expr} END", d.lit(empty)),
            _ => expr.to_owned(),
        });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(d.lit(rest));
    }
    format!("concat({})", parts.join(", "))
}

/// The exemption list as `Exemptions::apply` reads it, as a step: for each finding of `found`
/// (aliased `f`, one row a finding, identified by `keys`), the reason of the first of its
/// `persons` lines (rows of `keys`, `line` and `ord`: the exemption lines naming a person of the
/// finding for its rule or every rule), the person first in `ord` and then the first line; else
/// of the first line naming the finding's `household` and no person, for its `rule` or every rule.
pub(super) fn first_line_exempt(keys: &[&str], found: &str, household: &str, rule: &str, persons: &str) -> String {
    let cols = |alias: &str| keys.iter().map(|k| format!("{alias}.{k}")).collect::<Vec<_>>().join(", ");
    let on = keys.iter().map(|k| format!("p.{k} = f.{k}")).collect::<Vec<_>>().join(" AND ");
    format!(
        "SELECT {g}, e.reason FROM (\n\
         \x20 SELECT {f}, coalesce(min(p.line), min(hl.line)) AS line\n\
         \x20 FROM {found}\n\
         \x20 LEFT JOIN (SELECT {plain}, line FROM (\n\
         \x20   SELECT {c}, c.line, row_number() OVER (PARTITION BY {c} ORDER BY c.ord, c.line) AS n\n\
         \x20   FROM (\n\
         \x20   {persons}) c) ranked\n\
         \x20   WHERE n = 1) p ON {on}\n\
         \x20 LEFT JOIN exemptions hl ON hl.household = {household} AND hl.person IS NULL\n\
         \x20   AND (hl.rule IS NULL OR hl.rule = {rule})\n\
         \x20 GROUP BY {f}) g\n\
         JOIN exemptions e ON e.line = g.line",
        g = cols("g"),
        f = cols("f"),
        c = cols("c"),
        plain = keys.join(", "),
    )
}

/// A list row as a location (the list's file given by `list`, its row and what it wrote of the
/// person, `l` the list's rows), after the register's rows of a list finding.
fn list_location(d: Dialect, list: &str) -> String {
    d.structure(&[
        ("file", list.to_owned()),
        ("row", "l.row".to_owned()),
        ("household", "''".to_owned()),
        ("township", "''".to_owned()),
        ("village", "''".to_owned()),
        ("name", "l.name_written".to_owned()),
        ("id", "l.id_written".to_owned()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects_name_every_step_and_the_result() {
        for d in [Dialect::DuckDb, Dialect::Spark] {
            let sql = cross_checks(d, &Profile::default());
            for step in
                ["people", "same_id", "links", "labels", "members", "exempt", "groups", "households_text", "ids_text"]
            {
                assert!(sql.contains(&format!("-- step {step}\n")), "{step}");
            }
            assert!(sql.contains("-- repeat labels until ") && sql.contains("-- result\n"));
            assert!(!sql.contains("{value}") && !sql.contains("{count}"), "every placeholder filled");
            assert!(sql.contains("'warning'") && sql.contains("'error'"));
        }
    }

    #[test]
    fn a_rule_switched_off_is_left_out_and_severities_follow_the_profile() {
        let profile = Profile::choose(
            r#"{"name": "x", "rules": {"person-in-multiple-households": "off", "person-possible-duplicate": "info"}}"#,
        )
        .unwrap();
        let sql = cross_checks(Dialect::DuckDb, &profile);
        assert!(!sql.contains("-- step same_id"));
        assert!(sql.contains("-- step list_findings") && sql.contains("'household-list-extra'"));
        assert!(sql.contains("WHEN 'person-possible-duplicate' THEN 'info'"));
        assert!(!sql.contains("WHEN 'person-possible-duplicate' THEN 'warning'"));
        let lists_off = r#"{"name": "x", "rules": {"household-list-extra": "off", "household-list-missing": "off",
            "household-list-size-mismatch": "off", "household-list-head-mismatch": "off"}}"#;
        let sql = cross_checks(Dialect::Spark, &Profile::choose(lists_off).unwrap());
        assert!(!sql.contains("-- step list_") && sql.contains("-- step same_id"));
    }

    #[test]
    fn comparison_lists_follow_the_kinds_and_the_profile() {
        let sql = cross_checks(Dialect::DuckDb, &Profile::default());
        assert!(sql.contains("-- step compare_hits") && sql.contains("-- step compare_exempt"));
        assert!(sql.contains("p.dead = 0 OR l.key NOT IN ('list-deceased')"), "the dead are not asked about");
        let deceased = crate::compare::built_in("deceased").unwrap();
        assert!(sql.contains(&format!("WHEN 'list-deceased' THEN '{}'", severity_name(deceased.severity))));
        assert!(sql.contains(crate::compare::HOW_BY_NAME.0) && sql.contains(crate::compare::HOW_BY_ID.1));
        for kind in crate::compare::KINDS {
            assert!(sql.contains(&format!("WHEN '{}' THEN", kind.key)), "{}", kind.key);
        }
        for words in [crate::compare::DISABILITY_HELD, crate::compare::MARK_UNLISTED, crate::compare::INSURED] {
            assert!(
                sql.contains(words.0.split('{').next().unwrap()) && sql.contains(words.1.split('{').next().unwrap())
            );
        }
        assert!(sql.contains("age >= 16") && sql.contains("school_age BETWEEN 6 AND 15"), "ages from the kinds");
        let off = |only: bool| -> Profile {
            let keys = crate::compare::KINDS.iter().filter(|k| crate::compare::only_matches(k.test) == only);
            let off: Vec<String> = keys.map(|k| format!("\"{}\": \"off\"", k.key)).collect();
            Profile::choose(&format!(r#"{{"name": "x", "rules": {{{}}}}}"#, off.join(", "))).unwrap()
        };
        let sql = cross_checks(Dialect::Spark, &off(true));
        assert!(!sql.contains("-- step compare_") && sql.contains("-- step relative_found"));
        let sql = cross_checks(Dialect::Spark, &off(false));
        assert!(
            sql.contains("-- step compare_") && !sql.contains("-- step relative_") && sql.contains("-- step same_id")
        );
    }

    #[test]
    fn blocking_keys_leave_out_each_part_and_each_boundary() {
        let sql = cross_checks(Dialect::DuckDb, &Profile::default());
        for key in [
            "concat(substr(id, 4, 15)) AS k0",
            "concat(substr(id, 1, 3), substr(id, 7, 12)) AS k1",
            "concat(substr(id, 1, 15)) AS k5",
            "concat(substr(id, 1, 2), substr(id, 5, 14)) AS k6",
            "concat(substr(id, 1, 14), substr(id, 17, 2)) AS k10",
        ] {
            assert!(sql.contains(key), "{key}");
        }
        assert!(!sql.contains(" AS k11"));
    }

    /// Every pair of IDs one substitution or one swap apart shares a blocking key, and so is
    /// compared (the keys as the SQL computes them).
    #[test]
    fn every_pair_one_edit_apart_shares_a_key() {
        let keys = |id: &[u8]| -> Vec<Vec<u8>> {
            let drop = |from: usize, to: usize| [&id[..from], &id[to..]].concat();
            (0..6).map(|j| drop(3 * j, 3 * j + 3)).chain((1..6).map(|j| drop(3 * j - 1, 3 * j + 1))).collect()
        };
        let id = b"360426199101010071".to_vec();
        for i in 0..18 {
            let mut sub = id.clone();
            sub[i] = if sub[i] == b'9' { b'8' } else { b'9' };
            let mut variants = vec![sub];
            if i < 17 && id[i] != id[i + 1] {
                let mut swap = id.clone();
                swap.swap(i, i + 1);
                variants.push(swap);
            }
            for v in variants {
                assert!(crate::facts::people::one_edit_apart(&id, &v));
                assert!(keys(&id).iter().zip(keys(&v)).any(|(a, b)| *a == b), "{}", String::from_utf8_lossy(&v));
            }
        }
    }
}
