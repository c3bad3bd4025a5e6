//! Checking several files together: each file gets its own [`Report`], as if checked alone, and
//! the people of all of them are searched for duplicates across files (the registers of every
//! county of a prefecture, say).
//!
//! Only a compact person index of each file is kept once it is checked (see `people`), so the
//! files' tables never sit in memory together. A household is a 户编号 in its 乡镇 and 村, whatever
//! the file: one household exported twice (two years, two offices) is one household.

use crate::base::error::Error;
use crate::base::finding::{Location, Severity};
use crate::check::exemptions::Exemptions;
use crate::check::{check_file, Options, Stage};
use crate::facts::people::PersonIndex;
use crate::profile::Profile;
use crate::report::Report;
use crate::rules::{self, render};
use serde::Serialize;
use std::collections::BTreeMap;

/// A multi-file check in progress: [`Batch::add`] each file, then [`Batch::finish`].
#[derive(Default)]
pub struct Batch {
    index: PersonIndex,
    /// What the findings across files are judged by: the rules the profile switches off are not
    /// reported, its severities apply, and the exemption list marks them as in a file's report.
    profile: Profile,
    exemptions: Exemptions,
}

/// Checks `files` (name, bytes) together: [`Batch`] over all of them, every report kept.
pub fn check_many(files: &[(String, Vec<u8>)], options: &Options) -> MultiReport {
    // A wrong profile or list fails every file with its message; the batch then has no one.
    let mut batch = Batch::with_options(options).unwrap_or_default();
    let reports = files
        .iter()
        .map(|(name, bytes)| match batch.add(bytes.clone(), name, options, &mut |_, _| {}) {
            Ok(report) => FileReport::Checked(Box::new(report)),
            Err(e) => FileReport::failed(name, &e),
        })
        .collect();
    MultiReport::new(reports, batch.finish())
}

/// What a multi-file check found: every file's report, and the findings across files.
#[derive(Debug, Serialize)]
pub struct MultiReport {
    pub files: Vec<FileReport>,
    /// Duplicates whose rows lie in more than one file, each row naming its file.
    pub cross: Vec<CrossFinding>,
    /// Rule key → number of open (not exempted) cross-file findings.
    pub summary: BTreeMap<&'static str, usize>,
}

/// One file of a multi-file check: its report, or why it could not be checked.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum FileReport {
    Checked(Box<Report>),
    Failed { file: String, error: FileError },
}

/// A file that could not be checked: the error's code and messages.
#[derive(Debug, Serialize)]
pub struct FileError {
    pub code: &'static str,
    pub message_zh: String,
    pub message_en: String,
}

impl From<&Error> for FileError {
    fn from(e: &Error) -> FileError {
        FileError { code: e.code(), message_zh: e.message_zh(), message_en: e.message_en() }
    }
}

/// A duplicate across files: like a finding, with rows located by file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossFinding {
    pub rule: &'static str,
    pub severity: Severity,
    /// The IDs concerned, as written.
    pub value: String,
    pub message_zh: String,
    pub message_en: String,
    /// Every row of the group, in file order then row order.
    pub locations: Vec<Location>,
    /// The reason of the exemption-list line naming one of its people or households, or none.
    pub exempted: Option<String>,
}

impl Batch {
    /// A batch whose findings across files follow the built-in default profile, none exempted.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// A batch whose findings across files follow the profile and the exemption list of
    /// `options`, as each file's report does when checked with them; refused as the check
    /// refuses a wrong profile or list.
    pub fn with_options(options: &Options) -> Result<Batch, Error> {
        let profile = match &options.profile {
            Some(choice) => Profile::choose(choice)?,
            None => Profile::default(),
        };
        let mut exemptions = options.exemptions.clone().unwrap_or_default();
        exemptions.resolve(&profile)?;
        Ok(Batch { index: PersonIndex::default(), profile, exemptions })
    }

    /// Checks one more file and keeps its people for [`Batch::finish`]. The report is the one a
    /// single-file check gives; an `Err` means the file could not be checked, and the other
    /// files still count.
    pub fn add(
        &mut self,
        bytes: impl AsRef<[u8]>,
        name: &str,
        options: &Options,
        progress: &mut dyn FnMut(Stage, f32),
    ) -> Result<Report, Error> {
        let session = check_file(bytes, name, options, progress)?;
        self.append(session.person_index(name));
        Ok(session.into_report())
    }

    /// Keeps the people of a file checked apart ([`crate::check::session::Session::person_index`],
    /// on another thread, say); files count in the order they are appended.
    pub fn append(&mut self, index: PersonIndex) {
        self.index.append(index);
    }

    /// The duplicates across the files added so far.
    pub fn finish(&self) -> Vec<CrossFinding> {
        let index = &self.index;
        let spans_files = |g: &[u32]| g.iter().any(|&i| index.file(i as usize) != index.file(g[0] as usize));
        let mut out = Vec::new();
        if self.profile.enabled("person-in-multiple-households") {
            for group in index.same_id_groups().into_iter().filter(|g| spans_files(g)) {
                let value = index.canonical_id(group[0] as usize).unwrap_or_default();
                out.push(self.cross("person-in-multiple-households", &group, value));
            }
        }
        let possible =
            if self.profile.enabled("person-possible-duplicate") { index.possible_duplicates() } else { Vec::new() };
        for group in possible.into_iter().filter(|g| spans_files(g)) {
            let mut ids: Vec<&str> = group.iter().map(|&i| index.id_text(i as usize)).collect();
            ids.dedup();
            out.push(self.cross("person-possible-duplicate", &group, ids.join("、")));
        }
        out.extend(self.joined_lists());
        out
    }

    /// A household list and a person list among the files, sharing at least one 户编号, joined by
    /// it (see `households::join`): each disagreement located in both files.
    fn joined_lists(&self) -> Vec<CrossFinding> {
        use crate::facts::context::SheetKind;
        use crate::facts::households::join;
        let sides = &self.index.sides;
        let mut out = Vec::new();
        for (pf, _, persons) in sides.iter().filter(|s| s.1 == SheetKind::Persons) {
            for (lf, _, list) in sides.iter().filter(|s| s.1 == SheetKind::Households) {
                let keys: std::collections::HashSet<&str> = list.households.iter().map(|h| h.key.as_str()).collect();
                if !persons.households.iter().any(|h| keys.contains(h.key.as_str())) {
                    continue;
                }
                for m in join(persons, list) {
                    if !self.profile.enabled(m.rule) {
                        continue;
                    }
                    let meta = rules::by_key(m.rule).expect("a registered rule").meta();
                    let mut locations = Vec::new();
                    let mut at = |file: usize, h: &crate::facts::households::HouseholdSide, rows: &[u32]| {
                        locations.extend(rows.iter().map(|&row| Location {
                            file: Some(self.index.file_name(file).to_owned()),
                            row,
                            household: h.written.clone(),
                            township: h.township.clone(),
                            village: h.village.clone(),
                            name: String::new(),
                            id: String::new(),
                        }))
                    };
                    let person = m.person.map(|p| &persons.households[p]);
                    let listed = m.listed.map(|l| &list.households[l]);
                    if let Some(h) = person {
                        at(*pf, h, &h.rows);
                    }
                    if let Some(g) = listed {
                        at(*lf, g, &g.rows);
                    }
                    let household = person.or(listed).map_or("", |h| h.written.as_str());
                    let row = listed.map_or(String::new(), |g| g.rows[0].to_string());
                    let args = [
                        ("list", self.index.file_name(*lf)),
                        ("row", &row),
                        ("other", &m.other),
                        ("household", household),
                    ];
                    let exempted = self.exemptions.reason(m.rule, std::iter::empty(), std::iter::once(household));
                    out.push(CrossFinding {
                        rule: meta.key,
                        severity: self.profile.severities.get(m.rule).copied().unwrap_or(meta.severity),
                        exempted: exempted.map(str::to_owned),
                        message_zh: render(meta.message_zh, &m.value, "（空）", &args),
                        message_en: render(meta.message_en, &m.value, "(empty)", &args),
                        value: m.value,
                        locations,
                    });
                }
            }
        }
        out
    }

    fn cross(&self, rule: &'static str, group: &[u32], value: String) -> CrossFinding {
        let meta = rules::by_key(rule).expect("a registered rule").meta();
        let mut members = group.to_vec();
        members.sort_by_key(|&i| (self.index.file(i as usize), self.index.row(i as usize)));
        let locations: Vec<Location> = members.iter().map(|&i| self.index.location(i as usize, true)).collect();
        let mut seen = std::collections::HashSet::new();
        let mut households: Vec<String> = Vec::new();
        for l in &locations {
            let h = format!("{} {}", l.file.as_deref().unwrap_or(""), l.household);
            if seen.insert(h.clone()) {
                households.push(h);
            }
        }
        let count =
            if rule == "person-in-multiple-households" { households.len() } else { locations.len() }.to_string();
        let args = [("count", count.as_str()), ("households", &households.join("、"))];
        let exempted = self.exemptions.reason(
            rule,
            locations.iter().map(|l| l.id.as_str()),
            locations.iter().map(|l| l.household.as_str()),
        );
        CrossFinding {
            rule,
            severity: self.profile.severities.get(rule).copied().unwrap_or(meta.severity),
            exempted: exempted.map(str::to_owned),
            message_zh: render(meta.message_zh, &value, "（空）", &args),
            message_en: render(meta.message_en, &value, "(empty)", &args),
            value,
            locations,
        }
    }
}

impl FileReport {
    pub fn failed(file: &str, e: &Error) -> FileReport {
        FileReport::Failed { file: file.to_owned(), error: e.into() }
    }
}

impl MultiReport {
    pub fn new(files: Vec<FileReport>, cross: Vec<CrossFinding>) -> MultiReport {
        let mut summary = BTreeMap::new();
        for f in cross.iter().filter(|f| f.exempted.is_none()) {
            *summary.entry(f.rule).or_default() += 1;
        }
        MultiReport { files, cross, summary }
    }

    /// Plain text for terminals: each file's report, then the findings across files.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        for f in &self.files {
            match f {
                FileReport::Checked(r) => s.push_str(&r.to_text()),
                FileReport::Failed { file, error } => {
                    let _ = writeln!(s, "{file}  无法检查：{}", error.message_zh);
                }
            }
        }
        let _ = writeln!(s, "跨文件  {} 条", self.cross.len());
        for f in &self.cross {
            let at: Vec<String> =
                f.locations.iter().map(|l| format!("{}:{}", l.file.as_deref().unwrap_or(""), l.row)).collect();
            let sev = crate::report::export::severity_zh(f.severity);
            let exempted = f.exempted.as_ref().map_or(String::new(), |r| format!("\t豁免：{r}"));
            let _ = writeln!(s, "{}\t{sev}\t{}\t{}{exempted}", at.join(","), f.rule, f.message_zh);
        }
        s
    }
}
