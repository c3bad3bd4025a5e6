//! `phone-invalid`: 联系电话 neither an 11-digit mobile number nor a fixed line with area code.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::domain::phone::{numbers, valid};

pub struct PhoneInvalid;

static META: Meta = Meta {
    key: "phone-invalid",
    severity: Severity::Warning,
    scope: Scope::Cell,
    needs: &[],
    title_zh: "联系电话格式不对",
    title_en: "Phone number malformed",
    message_zh: "联系电话“{value}”不是 11 位手机号（1 开头、第二位 3–9），也不是带区号的固定电话；请核对是否少录或多录了数字",
    message_en: "Phone \"{value}\" is neither an 11-digit mobile number (1, then 3–9, then 9 digits) nor a fixed line with its area code",
    doc: "**What:** a filled phone cell (户联系电话 / 联系电话, and 家庭成员联系电话 where present) \
holding a number that is neither a mobile number `^1[3-9]\\d{9}$` nor a fixed line with area \
code (`0851-83212345`, `085183212345`). Several numbers in one cell, separated by `/ , 、 ;`, \
are each checked; a phone typed as a number (`13912345678.0`) is read as the number it is \
(Gzuwkj 2_01_013, 5_13_003; county checker rule 15; data.md §4).\n\n\
**Why:** the phone is how the township reaches the household for visits and monitoring \
(防返贫 reports by phone); a wrong one is a household nobody can call.\n\n\
**Example:** `1391234567` (10 digits) → warning.",
    doc_zh: "**查什么：**填了的联系电话（户联系电话、联系电话，有家庭成员联系电话的也查）既不是 11 位手机号（1 开头，第二位是 3 到 9），也不是带区号的固定电话（0851-83212345 或 085183212345）。一格里用斜线、逗号、顿号、分号隔开的几个号码分别检查；存成数字的号码照常读取。\n\n\
**为什么要紧：**乡镇走访、监测回访要靠电话联系这一户；号码错了，这一户就联系不上。\n\n\
**怎么改：**向农户核实，重新录入正确的号码。\n\n\
**例子：**1391234567（只有 10 位）→ 警告。",
};

impl Rule for PhoneInvalid {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        for role in [Role::Phone, Role::MemberPhone] {
            if ctx.col(role).is_none() {
                continue;
            }
            let bad = ctx.judged(role, |v| {
                // A cell of digits only (most) is one number: no split to look for.
                if v.bytes().all(|b| b.is_ascii_digit()) {
                    !v.is_empty() && !valid(v)
                } else {
                    numbers(v).any(|n| !valid(n)) || numbers(v).next().is_none()
                }
            });
            for row in 0..ctx.rows() {
                out.tick(row, ctx.rows());
                if bad.get(row) {
                    out.cell(row, role, &[]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;

    #[test]
    fn finds_short_long_and_wordy_numbers() {
        let f = run(
            &PhoneInvalid,
            &[&["联系电话"], &["1391234567"], &["12912345678"], &["无"], &["13912345678/1381234"], &["13912345678"]],
        );
        assert_eq!(rows(&f), [[2], [3], [4], [5]]);
    }

    #[test]
    fn passes_mobiles_fixed_lines_floats_and_lists() {
        let f = run(
            &PhoneInvalid,
            &[
                &["联系电话", "家庭成员联系电话"],
                &["13912345678", "13812345678.0"],
                &["0851-83212345", "+86 13912345678"],
                &["085183212345", "13912345678、15012345678"],
                &["010-62345678", ""],
                &["#13907361234", "'0736-3212345\t"],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
