//! `bank-card-invalid`: 银行卡号 not 16–19 digits or failing the Luhn check; lost digits.

use super::{Context, Meta, Out, Rule};
use crate::base::finding::{Scope, Severity};
use crate::columns::roles::Role;
use crate::read::table::Kind;

pub struct BankCardInvalid;

static META: Meta = Meta {
    key: "bank-card-invalid",
    severity: Severity::Warning,
    scope: Scope::Cell,
    needs: &[Role::BankCard],
    title_zh: "银行卡号可疑",
    title_en: "Bank card number suspicious",
    message_zh: "银行卡号“{value}”{problem}",
    message_en: "Bank card \"{value}\" {problem_en}",
    doc: "**What:** a filled 银行卡号 that is not 16–19 digits (spaces and dashes are ignored), or \
fails the Luhn check digit (data.md §4) — a warning, as rural subsidy passbook (存折, 一卡通) \
accounts may not follow Luhn. A card number stored as a *number* cell with 16 or more digits is \
an error: Excel keeps 15 significant digits, so its last digits are already zeros.\n\n\
**Why:** subsidies are paid into this account (一卡通); a wrong number means a failed or \
misdirected payment.\n\n\
**Example:** `6217791234567890` with a wrong last digit → warning; the number cell \
`6217790000000000000` → error.",
    doc_zh: "**查什么：**填了的银行卡号不是 16 到 19 位数字（空格和横线不算），或最后一位校验数字对不上，算警告，因为有些农村一卡通、存折账号不按这个办法编号；卡号存成了数字格式又有 16 位以上的，算错误：表格只保留 15 位有效数字，后几位已经变成 0。\n\n\
**为什么要紧：**补贴资金打进这个账户，卡号错了，钱就发不出去或发错了人。\n\n\
**怎么改：**对照存折或银行卡重新录入卡号，并把这一列设为文本格式。\n\n\
**例子：**6217791234567890 最后一位打错 → 警告；数字格式的 6217790000000000000 → 错误。",
};

impl Rule for BankCardInvalid {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Out<'_, '_, '_>) {
        let cards = ctx.judged(Role::BankCard, card);
        for row in 0..ctx.rows() {
            out.tick(row, ctx.rows());
            let Some(Card { digits, len, luhn }) = cards.get(row) else { continue };
            if !digits {
                let args =
                    [("problem", "含有数字以外的字符，请核对"), ("problem_en", "holds characters other than digits")];
                out.cell(row, Role::BankCard, &args);
            } else if ctx.kind(Role::BankCard, row) == Kind::Number && len >= 16 {
                let args = [
                    ("problem", "单元格是数字格式，Excel 只保留 15 位有效数字，末尾数字已丢失；请按文本格式重新录入"),
                    ("problem_en", "is a number cell: Excel keeps 15 significant digits, so the last digits are lost; re-enter it as text"),
                ];
                out.cell_at(Severity::Error, row, Role::BankCard, &args);
            } else if !(16..=19).contains(&len) {
                let (problem, problem_en) = (
                    format!("有 {len} 位，银行卡号应为 16–19 位"),
                    format!("has {len} digits; card numbers have 16–19"),
                );
                out.cell(row, Role::BankCard, &[("problem", &problem), ("problem_en", &problem_en)]);
            } else if !luhn {
                let args = [
                    ("problem", "校验位不符（Luhn），可能录错一位；如为存折或一卡通账号请核实"),
                    (
                        "problem_en",
                        "fails the Luhn check: a digit may be mistyped (passbook accounts may not use Luhn)",
                    ),
                ];
                out.cell(row, Role::BankCard, &args);
            }
        }
    }
}

/// What a card number's cell says, judged once for the rows of a household that repeat it.
#[derive(Clone, Copy)]
struct Card {
    /// Only digits (and the separators ` ` and `-`).
    digits: bool,
    /// Its length without the separators: its digits when `digits`.
    len: usize,
    luhn: bool,
}

/// The card number in cell `v`; `None` when empty.
fn card(v: &str) -> Option<Card> {
    if v.is_empty() {
        return None;
    }
    let v = v.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')).unwrap_or(v);
    // Most cards are written without separators: their bytes are the digits.
    let plain = !v.bytes().any(|b| matches!(b, b' ' | b'-'));
    let digits = || v.bytes().filter(move |b| plain || !matches!(b, b' ' | b'-'));
    let len = if plain { v.len() } else { digits().count() };
    let only_digits = digits().all(|b| b.is_ascii_digit());
    Some(Card { digits: only_digits, len, luhn: only_digits && (16..=19).contains(&len) && luhn_ok(digits()) })
}

/// True when ASCII digits pass the Luhn check: from the right, every second digit doubled
/// (less 9 above 9), the sum a multiple of 10.
fn luhn_ok(digits: impl DoubleEndedIterator<Item = u8>) -> bool {
    let sum: u32 = digits
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match i % 2 {
                1 if d * 2 > 9 => d * 2 - 9,
                1 => d * 2,
                _ => d,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{rows, run};
    use super::*;
    use crate::columns::mapping::Mapping;
    use crate::profile::Profile;
    use crate::read::table::{Grid, Table};

    #[test]
    fn finds_short_letters_and_luhn_failures() {
        let f = run(
            &BankCardInvalid,
            &[
                &["银行卡号"],
                &["62177912345"],
                &["6217 79O1 2345 6789 012"],
                &["6228480402564890018"],
                &["6228480402564890019"],
            ],
        );
        assert_eq!(rows(&f), [[2], [3], [5]]);
        assert!(f.iter().all(|f| f.severity == Severity::Warning));
        assert!(f[2].message_zh.contains("Luhn"));
    }

    /// A household's card on each member's row, in a column of too many cards for a dictionary:
    /// each row is judged as its card is, whether the card was just judged on the row above.
    #[test]
    fn finds_a_households_card_on_each_members_row() {
        let luhn = |first: String| (0..10).map(|d| format!("{first}{d}")).find(|c| luhn_ok(c.bytes())).unwrap();
        let mut cards: Vec<String> = (0..300).map(|h| luhn(format!("62284804025{h:07}"))).collect();
        let other = if cards[5].ends_with('0') { "1" } else { "0" };
        cards[5].replace_range(18.., other);
        cards[7].replace_range(3..4, "O");
        let mut rows_: Vec<Vec<&str>> = vec![vec!["户编号", "银行卡号"]];
        let households: Vec<String> = (0..300).map(|h| h.to_string()).collect();
        for (h, card) in households.iter().zip(&cards) {
            rows_.extend([vec![h.as_str(), card.as_str()], vec![h.as_str(), card.as_str()]]);
        }
        let rows_: Vec<&[&str]> = rows_.iter().map(Vec::as_slice).collect();
        assert!(Table::from_rows(&rows_).coded(1).is_none(), "the cards are no dictionary");
        let f = run(&BankCardInvalid, &rows_);
        assert_eq!(rows(&f), [[12], [13], [16], [17]]);
        assert!(f[0].message_zh.contains("Luhn") && f[2].message_zh.contains("数字以外"));
    }

    #[test]
    fn finds_card_stored_as_number_as_error() {
        let mut g = Grid::new();
        g.start_row(1);
        g.push(0, Kind::Text, "银行卡号");
        g.start_row(2);
        g.push(0, Kind::Number, "6228480402564890000");
        let t = Table::new(g, 0, vec!["银行卡号".into()]);
        let (m, p) = (Mapping::new(t.headers(), &Default::default()), Profile::default());
        let ctx = Context::new(&t, &m, &p);
        let mut f = Vec::new();
        BankCardInvalid.check(&ctx, &mut Out::new(&ctx, &META, &mut f));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn passes_valid_cards_with_spaces_and_guards() {
        let f = run(
            &BankCardInvalid,
            &[
                &["银行卡号"],
                &["6228480402564890018"],
                &["6228 4804 0256 4890 018"],
                &["=\"6228480402564890018\""],
                &["#6228480402564890018"],
                &[""],
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
