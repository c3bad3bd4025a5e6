//! The counts of a period comparison, in all and by 乡镇 and 村, and the sentence a clerk reports
//! upward. No names or IDs: the masked summary export carries it as it is.

use super::{Reason, StatusChange};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many changes of each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Persons added, and those by the reason their change column gives (`birth`, `marriage`,
    /// `move`, `other`; persons without a stated reason are in `added` only).
    pub added: usize,
    pub added_by_reason: BTreeMap<&'static str, usize>,
    /// Persons removed (no longer listed, or listed as left), and those by reason (`death` …).
    pub removed: usize,
    pub removed_by_reason: BTreeMap<&'static str, usize>,
    /// Persons moved between households (outside splits and merges).
    pub moved: usize,
    /// Households new (no member of a household of the baseline) or gone.
    pub households_added: usize,
    pub households_removed: usize,
    /// Households of the baseline split; households formed by a merge; households renumbered.
    pub split: usize,
    pub merged: usize,
    pub renumbered: usize,
    pub id_corrected: usize,
    pub name_changed: usize,
    /// Status columns changed, and among them:
    pub status_changed: usize,
    pub newly_monitored: usize,
    pub monitoring_ended: usize,
    pub risk_removed: usize,
    pub returned_to_poverty: usize,
    /// Households whose declared size changed unlike their members (warnings).
    pub size_mismatch: usize,
}

impl Counts {
    pub(super) fn added(&mut self, reason: Option<Reason>) {
        self.added += 1;
        if let Some(r) = reason {
            *self.added_by_reason.entry(r.key()).or_default() += 1;
        }
    }

    pub(super) fn removed(&mut self, reason: Option<Reason>) {
        self.removed += 1;
        if let Some(r) = reason {
            *self.removed_by_reason.entry(r.key()).or_default() += 1;
        }
    }

    pub(super) fn status(&mut self, what: Option<StatusChange>) {
        self.status_changed += 1;
        match what {
            Some(StatusChange::NewlyMonitored) => self.newly_monitored += 1,
            Some(StatusChange::MonitoringEnded) => self.monitoring_ended += 1,
            Some(StatusChange::RiskRemoved) => self.risk_removed += 1,
            Some(StatusChange::ReturnedToPoverty) => self.returned_to_poverty += 1,
            None => {}
        }
    }

    fn add(&mut self, o: &Counts) {
        macro_rules! sum {
            ($($f:ident),*) => { $(self.$f += o.$f;)* };
        }
        sum!(
            added,
            removed,
            moved,
            households_added,
            households_removed,
            split,
            merged,
            renumbered,
            id_corrected,
            name_changed,
            status_changed,
            newly_monitored,
            monitoring_ended,
            risk_removed,
            returned_to_poverty,
            size_mismatch
        );
        for (k, v) in &o.added_by_reason {
            *self.added_by_reason.entry(k).or_default() += v;
        }
        for (k, v) in &o.removed_by_reason {
            *self.removed_by_reason.entry(k).or_default() += v;
        }
    }

    /// The counts as a clerk reports them: "新增 312 人（出生 20 人），减少 280 人（死亡 41 人），…";
    /// kinds with no change are left out after the first two.
    pub fn sentence_zh(&self) -> String {
        let reasons = |m: &BTreeMap<&str, usize>| -> String {
            let parts: Vec<String> =
                m.iter().filter_map(|(k, n)| Some(format!("{} {n} 人", reason_of(k)?.zh()))).collect();
            if parts.is_empty() {
                String::new()
            } else {
                format!("（{}）", parts.join("，"))
            }
        };
        let mut s = vec![
            format!("新增 {} 人{}", self.added, reasons(&self.added_by_reason)),
            format!("减少 {} 人{}", self.removed, reasons(&self.removed_by_reason)),
        ];
        let mut more = |n: usize, t: String| {
            if n > 0 {
                s.push(t);
            }
        };
        more(self.moved, format!("户间迁移 {} 人", self.moved));
        more(self.households_added, format!("新增 {} 户", self.households_added));
        more(self.households_removed, format!("减少 {} 户", self.households_removed));
        more(self.split, format!("分户 {} 户", self.split));
        more(self.merged, format!("合户 {} 户", self.merged));
        more(self.renumbered, format!("户编号变更 {} 户", self.renumbered));
        more(self.id_corrected, format!("证件号码更正 {} 人", self.id_corrected));
        more(self.name_changed, format!("姓名变更 {} 人", self.name_changed));
        let detail: Vec<String> = [
            (self.newly_monitored, "新纳入监测"),
            (self.monitoring_ended, "不再监测"),
            (self.risk_removed, "风险消除"),
            (self.returned_to_poverty, "返贫"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, t)| format!("{t} {n} 户"))
        .collect();
        let detail = if detail.is_empty() { String::new() } else { format!("（{}）", detail.join("，")) };
        more(self.status_changed, format!("状态变化 {} 项{detail}", self.status_changed));
        more(self.size_mismatch, format!("人口数变化与成员变化不符 {} 户", self.size_mismatch));
        s.join("，")
    }

    /// [`Counts::sentence_zh`] in English.
    pub fn sentence_en(&self) -> String {
        let reasons = |m: &BTreeMap<&str, usize>| -> String {
            let parts: Vec<String> =
                m.iter().filter_map(|(k, n)| Some(format!("{} {n}", reason_of(k)?.en()))).collect();
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            }
        };
        let mut s = vec![
            format!("{} persons added{}", self.added, reasons(&self.added_by_reason)),
            format!("{} removed{}", self.removed, reasons(&self.removed_by_reason)),
        ];
        let mut more = |n: usize, t: &str| {
            if n > 0 {
                s.push(format!("{n} {t}"));
            }
        };
        more(self.moved, "moved between households");
        more(self.households_added, "households added");
        more(self.households_removed, "households removed");
        more(self.split, "households split");
        more(self.merged, "merged");
        more(self.renumbered, "renumbered");
        more(self.id_corrected, "IDs corrected");
        more(self.name_changed, "names changed");
        more(self.status_changed, "status changes");
        more(self.newly_monitored, "newly monitored");
        more(self.risk_removed, "risks removed");
        more(self.returned_to_poverty, "returned to poverty");
        more(self.size_mismatch, "sizes changed unlike the members");
        s.join(", ")
    }
}

fn reason_of(key: &str) -> Option<Reason> {
    [Reason::Birth, Reason::Death, Reason::Marriage, Reason::Move, Reason::Other].into_iter().find(|r| r.key() == key)
}

/// The counts of one 乡镇 + 村 (the current register's, or the baseline's for what is gone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AreaCounts {
    pub township: String,
    pub village: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// The period comparison in the JSON report (`period`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The baseline's file name, persons and households compared (its latest 年度).
    pub previous: String,
    pub previous_persons: usize,
    pub previous_households: usize,
    /// This register's persons and households compared (its latest 年度).
    pub persons: usize,
    pub households: usize,
    pub totals: Counts,
    /// By 乡镇 then 村, areas with a change only.
    pub areas: Vec<AreaCounts>,
    /// `totals` as a sentence.
    pub text_zh: String,
    pub text_en: String,
}

/// Counts by area as the comparison goes.
#[derive(Debug, Default)]
pub(super) struct Builder {
    areas: BTreeMap<(String, String), Counts>,
}

impl Builder {
    pub(super) fn bump(&mut self, area: (String, String), f: impl FnOnce(&mut Counts)) {
        f(self.areas.entry(area).or_default());
    }

    pub(super) fn finish(
        self,
        previous: &str,
        previous_persons: usize,
        persons: usize,
        (previous_households, households): (usize, usize),
    ) -> Summary {
        let mut totals = Counts::default();
        let areas: Vec<AreaCounts> = self
            .areas
            .into_iter()
            .map(|((township, village), counts)| {
                totals.add(&counts);
                AreaCounts { township, village, counts }
            })
            .collect();
        Summary {
            previous: previous.to_owned(),
            previous_persons,
            previous_households,
            persons,
            households,
            text_zh: totals.sentence_zh(),
            text_en: totals.sentence_en(),
            totals,
            areas,
        }
    }
}
