//! Last period's register at scale: the period comparison (上期比对, src/period) as SQL steps over
//! the table `period_people` (`index --previous`, see `period_index`), every register and
//! every baseline at once. The matching follows `period::compare` step by step — persons by the
//! normalised ID within each register and its baseline, then by ID across registers (a person
//! who left a household in one file and joined one in another has moved), then by name and
//! birth date and by name within the same 户编号 (within each register and its baseline, unique
//! on each side); households by 户编号 within the pair, then renumbered by their members; moves,
//! splits and merges; status and size compared on the household's head row — and the findings'
//! keys, severities, messages and phrases come from `period::kinds` and the period module's
//! constants. Findings in the cross-file shape: locations are the register's rows (the
//! household concerned first), then the baseline's; exempted as `Exemptions::apply` exempts a
//! period finding.

use super::sql::{first_line_exempt, message, severity_name, step, Dialect};
use crate::period::kinds::{self, KINDS};
use crate::period::{self, When};
use crate::profile::Profile;
use crate::rules::Meta;

/// A person or household number unique over all files: `file_no · 2³²` plus its place.
const WIDE: &str = "4294967296";

/// Adds the period steps to `s`; gives the findings' SELECT, or none when the profile switches
/// every kind off.
pub fn period_steps(s: &mut String, d: Dialect, profile: &Profile) -> Option<String> {
    let on: Vec<&Meta> = KINDS.iter().filter(|k| profile.enabled(k.key)).collect();
    if on.is_empty() {
        return None;
    }
    let enabled = |k: &Meta| on.iter().any(|o| o.key == k.key);
    step(
        s,
        "pe",
        &format!(
            "SELECT *, CAST(file_no AS BIGINT) * {WIDE} + person AS k,\n\
             \x20 CASE WHEN household IS NULL THEN NULL ELSE CAST(file_no AS BIGINT) * {WIDE} + household END AS hk\n\
             FROM period_people"
        ),
    );
    // Persons: the first listing of an ID on each side of a register and its baseline.
    step(
        s,
        "pm_id",
        "SELECT c.k AS ck, p.k AS pk, 0 AS how FROM\n\
         \x20 (SELECT file_no, id, min(k) AS k FROM pe WHERE side = 0 AND id IS NOT NULL GROUP BY file_no, id) c\n\
         \x20 JOIN (SELECT file_no, id, min(k) AS k FROM pe WHERE side = 1 AND id IS NOT NULL GROUP BY file_no, id) p\n\
         \x20 ON c.file_no = p.file_no AND c.id = p.id",
    );
    // Then the same ID across registers, among the persons still unmatched: each side's first
    // listing (in file, then row order), paired when they are in different files.
    let firsts = |side: u8| {
        let key = if side == 0 { "ck" } else { "pk" };
        format!(
            "SELECT id, k, file_no FROM (\n\
             \x20   SELECT e.id, e.k, e.file_no, row_number() OVER (PARTITION BY e.id ORDER BY e.k) AS n\n\
             \x20   FROM pe e LEFT JOIN pm_id m ON m.{key} = e.k\n\
             \x20   WHERE e.side = {side} AND e.id IS NOT NULL AND m.{key} IS NULL) x\n\
             \x20 WHERE n = 1"
        )
    };
    step(
        s,
        "pm_across",
        &format!(
            "SELECT ck, pk, how FROM pm_id\n\
             UNION ALL\n\
             SELECT c.k AS ck, p.k AS pk, 0 AS how FROM ({}) c\n\
             JOIN ({}) p ON c.id = p.id AND c.file_no <> p.file_no",
            firsts(0),
            firsts(1)
        ),
    );
    // Then, within each register and its baseline, a key equal and unique on each side among
    // the persons unmatched (the baseline's persons marked as left not taken): name and birth
    // date, then name and 户编号. Two persons without an ID so paired are the same person.
    let unique = |before: &str, how: u8, key: &str, filter: &str| -> String {
        let side = |n: u8| {
            let left = if n == 1 { " AND e.leaving = 0" } else { "" };
            format!(
                "SELECT e.file_no, {key}, min(e.k) AS k, min(e.id) AS id, count(*) AS n\n\
                 \x20   FROM pe e LEFT JOIN {before} m ON m.{mk} = e.k\n\
                 \x20   WHERE e.side = {n} AND m.{mk} IS NULL AND e.name_key <> '' AND {filter}{left}\n\
                 \x20   GROUP BY e.file_no, {key}",
                key = key.replace("KEY", "e"),
                mk = if n == 0 { "ck" } else { "pk" },
            )
        };
        let on: Vec<String> = key.split(", ").map(|c| format!("c.{0} = p.{0}", c.trim_start_matches("KEY."))).collect();
        format!(
            "SELECT ck, pk, how FROM {before}\n\
             UNION ALL\n\
             SELECT c.k AS ck, p.k AS pk, CASE WHEN c.id IS NULL AND p.id IS NULL THEN 0 ELSE {how} END AS how FROM\n\
             \x20 ({}) c\n\
             \x20 JOIN ({}) p ON c.file_no = p.file_no AND {}\n\
             WHERE c.n = 1 AND p.n = 1",
            side(0),
            side(1),
            on.join(" AND ")
        )
    };
    step(s, "pm_birth", &unique("pm_across", 1, "KEY.name_key, KEY.birth", "e.birth IS NOT NULL"));
    step(s, "pm", &unique("pm_birth", 2, "KEY.name_key, KEY.household_key", "e.household IS NOT NULL"));
    step(
        s,
        "pairs",
        "SELECT m.ck, m.pk, m.how, c.file_no AS cf, c.hk AS chk, c.leaving AS cleft, p.file_no AS pf, p.hk AS phk,\n\
         \x20 p.leaving AS pleft\n\
         FROM pm m JOIN pe c ON c.side = 0 AND c.k = m.ck JOIN pe p ON p.side = 1 AND p.k = m.pk",
    );

    // Households: by 户编号 within a register and its baseline, then renumbered: a baseline's
    // household without one whose matched members make up exactly one new household alone.
    step(
        s,
        "ph",
        "SELECT side, file_no, hk, min(household_key) AS hkey, min(household_written) AS written,\n\
         \x20 sum(CASE WHEN leaving = 0 THEN 1 ELSE 0 END) AS members\n\
         FROM pe WHERE hk IS NOT NULL GROUP BY side, file_no, hk",
    );
    step(
        s,
        "hkey",
        "SELECT c.hk AS chk, p.hk AS phk FROM ph c JOIN ph p ON c.file_no = p.file_no AND c.hkey = p.hkey\n\
         WHERE c.side = 0 AND p.side = 1",
    );
    // The households the matched members of a household are in on the other side (-1: none).
    step(
        s,
        "sources",
        "SELECT chk, count(DISTINCT coalesce(phk, -1)) AS n, min(coalesce(phk, -1)) AS one FROM pairs\n\
         WHERE chk IS NOT NULL GROUP BY chk",
    );
    step(
        s,
        "dests",
        "SELECT phk, count(DISTINCT coalesce(chk, -1)) AS n, min(coalesce(chk, -1)) AS one FROM pairs\n\
         WHERE phk IS NOT NULL GROUP BY phk",
    );
    step(
        s,
        "renumbered",
        "SELECT phk, min(chk) AS chk FROM (\n\
         \x20 SELECT DISTINCT x.phk, x.chk FROM pairs x\n\
         \x20 JOIN sources o ON o.chk = x.chk AND o.n = 1 AND o.one = x.phk\n\
         \x20 LEFT JOIN hkey a ON a.phk = x.phk LEFT JOIN hkey b ON b.chk = x.chk\n\
         \x20 WHERE x.phk IS NOT NULL AND x.chk IS NOT NULL AND a.phk IS NULL AND b.chk IS NULL) f\n\
         GROUP BY phk HAVING count(*) = 1",
    );
    step(
        s,
        "corr",
        "SELECT chk, phk, 0 AS renumbered FROM hkey UNION ALL SELECT chk, phk, 1 AS renumbered FROM renumbered",
    );

    // Persons in another household now (not marked as left): splits, merges, single moves.
    step(
        s,
        "moves",
        "SELECT x.ck, x.pk, x.chk, x.phk, x.cf FROM pairs x LEFT JOIN corr r ON r.phk = x.phk\n\
         WHERE x.cleft = 0 AND x.chk IS NOT NULL AND x.phk IS NOT NULL AND (r.chk IS NULL OR r.chk <> x.chk)",
    );
    // A split: the new households made of one old household's members only, with the one it
    // kept, two or more.
    step(
        s,
        "split_parts",
        "SELECT DISTINCT m.phk, m.chk FROM moves m JOIN sources o ON o.chk = m.chk AND o.n = 1 AND o.one = m.phk\n\
         LEFT JOIN corr r ON r.chk = m.chk WHERE r.chk IS NULL",
    );
    step(
        s,
        "splits",
        "SELECT t.phk, t.chk, row_number() OVER (PARTITION BY t.phk ORDER BY t.kept DESC, t.chk) - 1 AS pos FROM (\n\
         \x20 SELECT phk, chk, 0 AS kept FROM split_parts\n\
         \x20 UNION ALL SELECT r.phk, r.chk, 1 AS kept FROM corr r JOIN (SELECT DISTINCT phk FROM split_parts) q ON q.phk = r.phk\n\
         ) t JOIN (\n\
         \x20 SELECT s.phk FROM split_parts s LEFT JOIN corr r ON r.phk = s.phk GROUP BY s.phk, r.chk\n\
         \x20 HAVING count(*) + CASE WHEN r.chk IS NULL THEN 0 ELSE 1 END >= 2\n\
         ) g ON g.phk = t.phk",
    );
    // A merge: among the moves a split does not explain, the old households gone whose every
    // matched member is in one household now, with the one it kept, two or more.
    step(
        s,
        "merge_parts",
        "SELECT DISTINCT m.chk, m.phk FROM moves m\n\
         LEFT JOIN (SELECT sp.phk, sp.chk FROM split_parts sp JOIN (SELECT DISTINCT phk FROM splits) q ON q.phk = sp.phk) e\n\
         \x20 ON e.phk = m.phk AND e.chk = m.chk\n\
         JOIN dests o ON o.phk = m.phk AND o.n = 1 AND o.one = m.chk\n\
         LEFT JOIN corr r ON r.phk = m.phk\n\
         WHERE e.phk IS NULL AND r.phk IS NULL",
    );
    step(
        s,
        "merges",
        "SELECT t.chk, t.phk, row_number() OVER (PARTITION BY t.chk ORDER BY t.kept DESC, t.phk) - 1 AS pos FROM (\n\
         \x20 SELECT chk, phk, 0 AS kept FROM merge_parts\n\
         \x20 UNION ALL SELECT r.chk, r.phk, 1 AS kept FROM corr r JOIN (SELECT DISTINCT chk FROM merge_parts) q ON q.chk = r.chk\n\
         ) t JOIN (\n\
         \x20 SELECT g.chk FROM merge_parts g LEFT JOIN corr r ON r.chk = g.chk GROUP BY g.chk, r.phk\n\
         \x20 HAVING count(*) + CASE WHEN r.phk IS NULL THEN 0 ELSE 1 END >= 2\n\
         ) g ON g.chk = t.chk",
    );
    step(
        s,
        "single_moves",
        "SELECT m.ck, m.pk FROM moves m\n\
         LEFT JOIN (SELECT sp.phk, sp.chk FROM split_parts sp JOIN (SELECT DISTINCT phk FROM splits) q ON q.phk = sp.phk) a\n\
         \x20 ON a.phk = m.phk AND a.chk = m.chk\n\
         LEFT JOIN (SELECT mp.chk, mp.phk FROM merge_parts mp JOIN (SELECT DISTINCT chk FROM merges) q ON q.chk = mp.chk) b\n\
         \x20 ON b.chk = m.chk AND b.phk = m.phk\n\
         WHERE a.phk IS NULL AND b.chk IS NULL",
    );

    // The findings: (fid, kind, value, messages, order) and their rows (fid, part: 0 this
    // register's, 1 the baseline's; ord within it).
    let mut found: Vec<String> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    let text = |e: String| format!("CAST({e} AS STRING)");
    let quote = |lang: usize, e: &str| {
        let (open, close) = period::QUOTES[lang];
        format!("CASE WHEN {e} IS NULL THEN '' ELSE concat({}, {e}, {}) END", d.lit(open), d.lit(close))
    };
    let emit =
        |found: &mut Vec<String>, meta: &Meta, fid: &str, order: [&str; 4], args: &[(&str, String)], from: &str| {
            if !enabled(meta) {
                return;
            }
            let severity = profile.severities.get(meta.key).copied().unwrap_or(meta.severity);
            found.push(format!(
                "SELECT {fid} AS fid, {} AS rule, {} AS severity, {} AS value,\n\
             \x20 {} AS message_zh,\n\
             \x20 {} AS message_en,\n\
             \x20 CAST({} AS BIGINT) AS o2, {} AS o3, CAST({} AS BIGINT) AS o4, {} AS o5\n\
             {from}",
                d.lit(meta.key),
                d.lit(severity_name(severity)),
                args.iter().find(|a| a.0 == "value").expect("a value").1,
                message(d, meta.message_zh, "（空）", args),
                message(d, meta.message_en, "(empty)", args),
                order[0],
                order[1],
                order[2],
                order[3],
            ));
        };
    // A person's row as a finding's row, in part `part`.
    let person_row = |fid: &str, part: u8, ord: &str, alias: &str, from: &str| {
        format!(
            "SELECT {fid} AS fid, {part} AS part, CAST({ord} AS BIGINT) AS ord, {a}.file, {a}.sheet_row, {a}.household_text,\n\
             \x20 {a}.township, {a}.village, {a}.name, {a}.id_written, {a}.id_key\n\
             {from}",
            a = alias
        )
    };
    let fid = |tag: &str, e: &str| format!("concat({}, CAST({e} AS STRING))", d.lit(tag));

    // Phase 0, a current person at a time: added, still listed but left, name changed, ID corrected.
    let cur_only = "FROM pe c LEFT JOIN pm m ON m.ck = c.k WHERE c.side = 0 AND m.ck IS NULL";
    let reason = |lang: usize, a: &str| quote(lang, &format!("{a}.reason"));
    if enabled(kinds::PERSON_ADDED) {
        let f = fid("a", "c.k");
        emit(
            &mut found,
            kinds::PERSON_ADDED,
            &f,
            ["c.file_no", "0", "c.person", "0"],
            &[("value", "c.id_written".into()), ("reason", reason(0, "c")), ("reason_en", reason(1, "c"))],
            cur_only,
        );
        rows.push(person_row(&f, 0, "0", "c", cur_only));
    }
    let both = |how: &str, extra: &str| {
        format!(
            "FROM pm m JOIN pe c ON c.side = 0 AND c.k = m.ck JOIN pe p ON p.side = 1 AND p.k = m.pk WHERE {how}{extra}"
        )
    };
    let person_pair = |rows: &mut Vec<String>, f: &str, from: &str| {
        rows.push(person_row(f, 0, "0", "c", from));
        rows.push(person_row(f, 1, "0", "p", from));
    };
    if enabled(kinds::PERSON_REMOVED) {
        let from = both("m.how = 0", " AND c.leaving = 1 AND p.leaving = 0");
        let f = fid("l", "c.k");
        let still = |lang: usize| {
            let tail = if lang == 0 { period::STILL_LISTED.0 } else { period::STILL_LISTED.1 };
            format!("concat({}, {})", reason(lang, "c"), d.lit(tail))
        };
        emit(
            &mut found,
            kinds::PERSON_REMOVED,
            &f,
            ["c.file_no", "0", "c.person", "0"],
            &[
                ("value", "c.id_written".into()),
                ("old_row", text("p.sheet_row".into())),
                ("name", "c.name".into()),
                ("old_household", "p.household_text".into()),
                ("reason", still(0)),
                ("reason_en", still(1)),
            ],
            &from,
        );
        person_pair(&mut rows, &f, &from);
    }
    if enabled(kinds::NAME_CHANGED) {
        let from =
            both("m.how = 0", " AND c.name <> p.name AND c.name <> '' AND p.name <> '' AND c.name_key <> p.name_key");
        let f = fid("n", "c.k");
        emit(
            &mut found,
            kinds::NAME_CHANGED,
            &f,
            ["c.file_no", "0", "c.person", "1"],
            &[("value", "c.name".into()), ("old_name", "p.name".into()), ("old_row", text("p.sheet_row".into()))],
            &from,
        );
        person_pair(&mut rows, &f, &from);
    }
    if enabled(kinds::ID_CORRECTED) {
        let from = both("m.how > 0", "");
        let f = fid("i", "c.k");
        let basis = |lang: usize| {
            let pick = |b: (&str, &str)| d.lit(if lang == 0 { b.0 } else { b.1 });
            format!("CASE WHEN m.how = 1 THEN {} ELSE {} END", pick(period::BY_BIRTH), pick(period::BY_HOUSEHOLD))
        };
        emit(
            &mut found,
            kinds::ID_CORRECTED,
            &f,
            ["c.file_no", "0", "c.person", "0"],
            &[
                ("value", "c.id_written".into()),
                (
                    "old_id",
                    format!("CASE WHEN p.id_written = '' THEN {} ELSE p.id_written END", d.lit(period::EMPTY_ID)),
                ),
                ("old_row", text("p.sheet_row".into())),
                ("basis", basis(0)),
                ("basis_en", basis(1)),
            ],
            &from,
        );
        person_pair(&mut rows, &f, &from);
    }
    // Phase 1: single moves.
    if enabled(kinds::PERSON_MOVED) {
        let from = "FROM single_moves m JOIN pe c ON c.side = 0 AND c.k = m.ck JOIN pe p ON p.side = 1 AND p.k = m.pk";
        let f = fid("m", "c.k");
        emit(
            &mut found,
            kinds::PERSON_MOVED,
            &f,
            ["c.file_no", "1", "c.person", "0"],
            &[
                ("value", "c.household_text".into()),
                ("old_household", "p.household_text".into()),
                ("household", "c.household_text".into()),
                ("old_row", text("p.sheet_row".into())),
            ],
            from,
        );
        person_pair(&mut rows, &f, from);
    }
    // The persons of the household `hk` of each row of `from` as rows of part `part`, in the
    // household's order after those of earlier households of the finding (`pos`).
    let members = |f: &str, part: u8, pos: &str, hk: &str, from: &str| {
        person_row(
            "t.fid",
            part,
            &format!("t.pos * {WIDE} + x.member"),
            "x",
            &format!(
                "FROM (SELECT {f} AS fid, {pos} AS pos, {hk} AS hk {from}) t JOIN pe x ON x.side = {part} AND x.hk = t.hk"
            ),
        )
    };
    // Phase 2: splits, on the rows of every household formed (the one kept first).
    if enabled(kinds::HOUSEHOLD_SPLIT) {
        step(
            s,
            "split_text",
            &format!(
                "SELECT t.phk, {} AS households, count(*) AS n FROM splits t JOIN ph h ON h.side = 0 AND h.hk = t.chk\n\
                 GROUP BY t.phk",
                d.joined("h.written", period::JOIN, "t.pos")
            ),
        );
        let from = "FROM split_text t JOIN ph o ON o.side = 1 AND o.hk = t.phk";
        let f = fid("s", "t.phk");
        emit(
            &mut found,
            kinds::HOUSEHOLD_SPLIT,
            &f,
            ["o.file_no", "2", "t.phk", "0"],
            &[("value", "o.written".into()), ("households", "t.households".into()), ("count", text("t.n".into()))],
            from,
        );
        rows.push(members(&f, 0, "t.pos", "t.chk", "FROM splits t"));
        rows.push(members(&f, 1, "0", "t.phk", "FROM split_text t"));
    }
    // Phase 3: merges, on the merged household's rows.
    if enabled(kinds::HOUSEHOLD_MERGED) {
        step(
            s,
            "merge_text",
            &format!(
                "SELECT t.chk, {} AS households, count(*) AS n FROM merges t JOIN ph h ON h.side = 1 AND h.hk = t.phk\n\
                 GROUP BY t.chk",
                d.joined("h.written", period::JOIN, "t.pos")
            ),
        );
        let from = "FROM merge_text t JOIN ph o ON o.side = 0 AND o.hk = t.chk";
        let f = fid("g", "t.chk");
        emit(
            &mut found,
            kinds::HOUSEHOLD_MERGED,
            &f,
            ["o.file_no", "3", "t.chk", "0"],
            &[("value", "o.written".into()), ("households", "t.households".into()), ("count", text("t.n".into()))],
            from,
        );
        rows.push(members(&f, 0, "0", "t.chk", "FROM merge_text t"));
        rows.push(members(&f, 1, "t.pos", "t.phk", "FROM merges t"));
    }
    // Phase 4: renumbered (a household found in another register's file under the same 户编号
    // is the same household, not reported).
    if enabled(kinds::HOUSEHOLD_RENUMBERED) {
        let from = "FROM corr r JOIN ph c ON c.side = 0 AND c.hk = r.chk JOIN ph p ON p.side = 1 AND p.hk = r.phk\n\
                    WHERE r.renumbered = 1 AND c.hkey <> p.hkey";
        let f = fid("r", "r.phk");
        emit(
            &mut found,
            kinds::HOUSEHOLD_RENUMBERED,
            &f,
            ["p.file_no", "4", "r.phk", "0"],
            &[("value", "c.written".into()), ("old_household", "p.written".into())],
            from,
        );
        rows.push(members(&f, 0, "0", "r.chk", from));
        rows.push(members(&f, 1, "0", "r.phk", from));
    }
    // Phase 5, a household of both periods at a time: each status column changed, on the head's
    // row; the size changed unlike the members, on the household's rows.
    let heads = "FROM corr r JOIN pe c ON c.side = 0 AND c.hk = r.chk AND c.head = 1\n\
                 JOIN pe p ON p.side = 1 AND p.hk = r.phk AND p.head = 1";
    if enabled(kinds::STATUS_CHANGED) {
        for (i, role) in period::STATUS.iter().enumerate() {
            let (old, new) = (format!("p.s{i}"), format!("c.s{i}"));
            let has = |word: &str, e: &str| format!("instr({e}, {}) > 0", d.lit(word));
            let mut what = ["CASE".to_owned(), "CASE".to_owned()];
            for (_, when, change) in period::WHAT_CHANGED.iter().filter(|l| l.0.contains(role)) {
                let test = match when {
                    When::OldEmpty => format!("{old} = ''"),
                    When::NewEmpty => format!("{new} = ''"),
                    When::NewIs(v) => format!("{new} = {}", d.lit(v)),
                    When::Returned => format!(
                        "{} OR ({} AND NOT {} AND NOT {} AND {})",
                        has(period::RETURNED, &new),
                        has(period::EXITED, &old),
                        has(period::NOT_EXITED, &old),
                        has(period::RETURNED, &old),
                        has(period::NOT_EXITED, &new)
                    ),
                };
                what[0] += &format!(" WHEN {test} THEN {}", d.lit(&period_quoted(0, change.zh())));
                what[1] += &format!(" WHEN {test} THEN {}", d.lit(&period_quoted(1, change.en())));
            }
            let [zh, en] = what.map(|w| w + " ELSE '' END");
            let from = format!("{heads}\nWHERE {old} IS NOT NULL AND {new} IS NOT NULL AND {old} <> {new}");
            let f = fid(&format!("t{i}:"), "r.chk");
            emit(
                &mut found,
                kinds::STATUS_CHANGED,
                &f,
                ["c.file_no", "5", "r.chk", &i.to_string()],
                &[
                    ("value", new.clone()),
                    ("old", old.clone()),
                    ("column", format!("coalesce(c.c{i}, '')")),
                    ("what", zh),
                    ("what_en", en),
                ],
                &from,
            );
            person_pair(&mut rows, &f, &from);
        }
    }
    if enabled(kinds::SIZE_CHANGE_MISMATCH) {
        let delta =
            |e: &str| format!("CASE WHEN {e} > 0 THEN concat('+', CAST({e} AS STRING)) ELSE CAST({e} AS STRING) END");
        let from = format!(
            "{heads}\nJOIN ph hc ON hc.side = 0 AND hc.hk = r.chk JOIN ph hp ON hp.side = 1 AND hp.hk = r.phk\n\
             WHERE p.size IS NOT NULL AND c.size IS NOT NULL AND c.size - p.size <> hc.members - hp.members"
        );
        let f = fid("z", "r.chk");
        emit(
            &mut found,
            kinds::SIZE_CHANGE_MISMATCH,
            &f,
            ["c.file_no", "5", "r.chk", "5"],
            &[
                ("value", "c.size_text".into()),
                ("old_size", text("p.size".into())),
                ("size_delta", delta("c.size - p.size")),
                ("old_members", text("hp.members".into())),
                ("members", text("hc.members".into())),
                ("member_delta", delta("hc.members - hp.members")),
            ],
            &from,
        );
        rows.push(members(&f, 0, "0", "r.chk", &from));
        rows.push(members(&f, 1, "0", "r.phk", &from));
    }
    // Phase 6: the baseline's persons no longer listed (those marked as left last period not again).
    if enabled(kinds::PERSON_REMOVED) {
        let from = "FROM pe p LEFT JOIN pm m ON m.pk = p.k WHERE p.side = 1 AND m.pk IS NULL AND p.leaving = 0";
        let f = fid("d", "p.k");
        emit(
            &mut found,
            kinds::PERSON_REMOVED,
            &f,
            ["p.file_no", "6", "p.person", "0"],
            &[
                ("value", "p.id_written".into()),
                ("old_row", text("p.sheet_row".into())),
                ("name", "p.name".into()),
                ("old_household", "p.household_text".into()),
                ("reason", reason(0, "p")),
                ("reason_en", reason(1, "p")),
            ],
            from,
        );
        rows.push(person_row(&f, 1, "0", "p", from));
    }
    step(s, "period_found", &found.join("\nUNION ALL\n"));
    step(s, "period_rows", &rows.join("\nUNION ALL\n"));
    let location = [
        ("file", "file"),
        ("row", "sheet_row"),
        ("household", "household_text"),
        ("township", "township"),
        ("village", "village"),
        ("name", "name"),
        ("id", "id_written"),
    ];
    step(
        s,
        "period_locations",
        &format!(
            "SELECT fid, {} AS locations FROM period_rows GROUP BY fid",
            d.list(&location, "part * 1152921504606846976 + ord")
        ),
    );
    // The exemption list as `Exemptions::apply` reads it: the first of the finding's rows (the
    // register's; for a person no longer listed, the baseline's) whose person a line names for
    // its kind or every rule, that person's first such line; else the first line naming the
    // finding's household (its first row's) and no person.
    step(
        s,
        "period_first",
        "SELECT fid, household_text AS household, has_current FROM (\n\
         \x20 SELECT fid, household_text, row_number() OVER (PARTITION BY fid ORDER BY part, ord) AS n,\n\
         \x20   max(CASE WHEN part = 0 THEN 1 ELSE 0 END) OVER (PARTITION BY fid) AS has_current\n\
         \x20 FROM period_rows) x\n\
         WHERE n = 1",
    );
    step(
        s,
        "period_exempt",
        &first_line_exempt(
            &["fid"],
            "period_found f JOIN period_first h ON h.fid = f.fid",
            "h.household",
            "f.rule",
            "SELECT r.fid, e.line, r.sheet_row AS ord\n\
             \x20   FROM period_rows r JOIN period_first h ON h.fid = r.fid AND r.part = 1 - h.has_current\n\
             \x20   JOIN period_found f ON f.fid = r.fid\n\
             \x20   JOIN exemptions e ON e.person = r.id_key WHERE e.rule IS NULL OR e.rule = f.rule",
        ),
    );
    Some(
        "SELECT f.rule, f.severity, f.value, f.message_zh, f.message_en, l.locations, x.reason AS exempted,\n\
         \x20 4 AS o1, f.o2, f.o3, f.o4, f.o5, 0 AS o6\n\
         FROM period_found f JOIN period_locations l ON l.fid = f.fid LEFT JOIN period_exempt x ON x.fid = f.fid"
            .to_owned(),
    )
}

/// A status change's words as the period module quotes them.
fn period_quoted(lang: usize, text: &str) -> String {
    let (open, close) = period::QUOTES[lang];
    format!("{open}{text}{close}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scale::sql::cross_checks;

    #[test]
    fn the_period_steps_follow_the_kinds_and_the_profile() {
        for d in [Dialect::DuckDb, Dialect::Spark] {
            let sql = cross_checks(d, &Profile::default());
            for step in ["pe", "pm_id", "pm_across", "pm_birth", "pm", "corr", "splits", "merges", "period_found"] {
                assert!(sql.contains(&format!("-- step {step}\n")), "{step}");
            }
            for k in KINDS.iter() {
                assert!(sql.contains(&format!("'{}' AS rule, '{}'", k.key, severity_name(k.severity))), "{}", k.key);
            }
            // The phrases are the period module's.
            for phrase in [period::BY_BIRTH.0, period::BY_HOUSEHOLD.1, period::STILL_LISTED.0, period::EMPTY_ID] {
                assert!(sql.contains(phrase), "{phrase}");
            }
            for (_, _, change) in period::WHAT_CHANGED {
                assert!(sql.contains(&period_quoted(0, change.zh())) && sql.contains(&period_quoted(1, change.en())));
            }
            assert!(!sql.contains("{old_row}") && !sql.contains("{households}"), "every placeholder filled");
        }
        let profile = Profile::choose(
            r#"{"name": "x", "rules": {"period-person-moved": "off", "period-size-change-mismatch": "info"}}"#,
        )
        .unwrap();
        let sql = cross_checks(Dialect::DuckDb, &profile);
        assert!(!sql.contains("'period-person-moved'") && sql.contains("-- step single_moves"), "still matched");
        assert!(sql.contains("'period-size-change-mismatch' AS rule, 'info'"));
        let off: Vec<String> = KINDS.iter().map(|k| format!("\"{}\": \"off\"", k.key)).collect();
        let profile = Profile::choose(&format!(r#"{{"name": "x", "rules": {{{}}}}}"#, off.join(", "))).unwrap();
        let sql = cross_checks(Dialect::Spark, &profile);
        assert!(!sql.contains("-- step pe\n") && !sql.contains("period_people") && sql.contains("-- step same_id"));
    }
}
