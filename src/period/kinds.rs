//! The kinds of change the period comparison reports: one const table, as the rule catalogue's
//! `Meta` (key, severity, scope, titles, message templates, doc), so that its findings filter,
//! export and document like a rule's.

use crate::base::finding::{Scope, Severity};
use crate::rules::Meta;

pub const PERSON_ADDED: &Meta = &KINDS[0];
pub const PERSON_REMOVED: &Meta = &KINDS[1];
pub const PERSON_MOVED: &Meta = &KINDS[2];
pub const HOUSEHOLD_SPLIT: &Meta = &KINDS[3];
pub const HOUSEHOLD_MERGED: &Meta = &KINDS[4];
pub const HOUSEHOLD_RENUMBERED: &Meta = &KINDS[5];
pub const ID_CORRECTED: &Meta = &KINDS[6];
pub const NAME_CHANGED: &Meta = &KINDS[7];
pub const STATUS_CHANGED: &Meta = &KINDS[8];
pub const SIZE_CHANGE_MISMATCH: &Meta = &KINDS[9];

/// Every change kind, in report order. Keys are permanent.
pub const KINDS: [Meta; 10] = [
    Meta {
        key: "period-person-added",
        severity: Severity::Info,
        scope: Scope::Row,
        needs: &[],
        title_zh: "上期比对：新增人员",
        title_en: "Period comparison: person added",
        message_zh: "新增人员：上期花名册没有此人（证件号码 {value}）{reason}",
        message_en: "Person added: not in the previous register (ID {value}){reason_en}",
        doc: "A person of this register whom the previous period's register (the baseline, `--previous`) \
does not list, under any ID: not by the same normalised ID, nor as an ID corrected (below). When \
the register has a 人员变动/人员变更/人员状态 column, its reason is quoted (新生儿, 嫁入, 迁入 …) and counted \
in the summary.\n\nInfo: a change to explain upward, not a fault. Example: a child born this year, \
人员变更 新生儿.",
        doc_zh: "**查什么：**本期花名册里有、上期花名册里找不到的人（按规范化后的证件号码找；证件号码更正过的人不算新增）。如果表里有“人员变更”“人员变动”“人员状态”等列，会一并显示填写的原因（新生儿、嫁入、迁入等），并在汇总里按原因计数。\n\n**为什么要紧：**向上级报告人口增减时，每一个新增的人都要有来由。\n\n**怎么改：**核对此人是否确应纳入，原因列是否已填写；没有原因的请补上。\n\n**例子：**今年出生的孩子，人员变更填“新生儿”。",
    },
    Meta {
        key: "period-person-removed",
        severity: Severity::Info,
        scope: Scope::Row,
        needs: &[],
        title_zh: "上期比对：减少人员",
        title_en: "Period comparison: person removed",
        message_zh: "减少人员：上期花名册第 {old_row} 行的 {name}（{old_household} 户）本期没有{reason}",
        message_en: "Person removed: {name} of household {old_household}, row {old_row} of the previous register, is not in this one{reason_en}",
        doc: "A person of the previous period's register whom this register no longer lists (under the same \
or a corrected ID), or still lists with a 人员变动/人员状态 that says they left (死亡, 嫁出, 迁出, 注销, \
自然减少 …). A person no longer listed has no row here: the finding has no row, names the previous \
file's row, and its `locations` hold that row (with `file`: the previous register's name), 乡镇 and 村 \
those of the previous register.\n\nInfo: a change to explain upward. Example: a member who died \
during the year.",
        doc_zh: "**查什么：**上期花名册里有、本期不再列出的人；或本期仍列出但“人员变更/人员状态”标为死亡、嫁出、迁出、注销、自然减少的人。不再列出的人在本期表里没有行，提示里给出上期表的行号、户编号和姓名。\n\n**为什么要紧：**每一个减少的人都要能说明原因，死亡、婚出、迁出要与户籍一致。\n\n**怎么改：**确认减少原因并留存依据；若此人其实仍在本户，说明本期漏录了，请补回。\n\n**例子：**上期第 35 行的张老本期没有，原因是年内去世。",
    },
    Meta {
        key: "period-person-moved",
        severity: Severity::Info,
        scope: Scope::Row,
        needs: &[],
        title_zh: "上期比对：人员户间迁移",
        title_en: "Period comparison: person moved between households",
        message_zh: "人员户间迁移：上期在 {old_household} 户（第 {old_row} 行），本期在 {household} 户",
        message_en: "Moved between households: in household {old_household} (row {old_row}) in the previous register, in {household} now",
        doc: "A person listed in both registers, in another household now, when the move is not part of a \
split or a merge (reported whole, below). Households are matched by 户编号, and by their members \
when the number changed (`period-household-renumbered`).\n\nInfo. Example: a daughter who married \
into another registered household of the village.",
        doc_zh: "**查什么：**两期都有的人，本期在另一户里，而且不属于分户、合户。\n\n**为什么要紧：**人员在户间迁移会影响两户的人口数和帮扶对象，需要有户籍变动依据。\n\n**怎么改：**核对迁移是否属实，两户的人口数是否都已相应调整。\n\n**例子：**上期在 0012 户的女儿，嫁到本村 0030 户。",
    },
    Meta {
        key: "period-household-split",
        severity: Severity::Info,
        scope: Scope::Household,
        needs: &[],
        title_zh: "上期比对：分户",
        title_en: "Period comparison: household split",
        message_zh: "分户：上期 {value} 户的成员本期分在 {households} 共 {count} 户",
        message_en: "Household split: the members of household {value} are now in {count} households: {households}",
        doc: "The members of one household of the previous register are now in two or more households, at \
least one of them a household the previous register did not have, made of that household's \
members only (and persons added). Reported once, on the rows of every household formed; the \
members who left are not reported as moved one by one.\n\nInfo. Example: a married son and his \
family registered as a household of their own.",
        doc_zh: "**查什么：**上期同一户的成员本期分在两户或更多户，其中至少有一户是上期没有的新户，并且只由原户成员（和新增的人）组成。\n\n**为什么要紧：**分户要有依据，新户的户主、人口数、帮扶措施都要重新确认。\n\n**怎么改：**核对分户手续，检查新户和原户的户主、人口数是否正确。\n\n**例子：**儿子一家从父亲户里分出，单独立户。",
    },
    Meta {
        key: "period-household-merged",
        severity: Severity::Info,
        scope: Scope::Household,
        needs: &[],
        title_zh: "上期比对：合户",
        title_en: "Period comparison: households merged",
        message_zh: "合户：上期 {households} 共 {count} 户的成员本期合为 {value} 户",
        message_en: "Households merged: the members of {count} households ({households}) are now household {value}",
        doc: "A household of this register holds the members of two or more households of the previous one, \
at least one of which is gone (its 户编号 no longer used, every member of it here). Reported once, on \
the merged household's rows; the members who came are not reported as moved one by one.\n\nInfo. \
Example: an old parent's one-person household joined to a son's.",
        doc_zh: "**查什么：**本期一户里包含了上期两户或更多户的成员，其中至少有一户本期已不存在、其成员全部并入此户。\n\n**为什么要紧：**合户后原户注销，人口数、户主和帮扶对象都会变化。\n\n**怎么改：**核对合户手续，确认原户已注销、合并后的人口数正确。\n\n**例子：**老人原来单独一户，本期并入儿子户。",
    },
    Meta {
        key: "period-household-renumbered",
        severity: Severity::Info,
        scope: Scope::Household,
        needs: &[],
        title_zh: "上期比对：户编号变更",
        title_en: "Period comparison: household renumbered",
        message_zh: "户编号变更：上期户编号为 {old_household}，本期为 {value}（成员相同）",
        message_en: "Household renumbered: {old_household} in the previous register, {value} now (same members)",
        doc: "A household whose 户编号 changed: every member found in both registers was in one household of \
the previous register whose number this register no longer uses, and no one else is in it. The \
household is then compared as one (status, size).\n\nInfo. Example: households renumbered when two \
villages were merged.",
        doc_zh: "**查什么：**成员相同、户编号变了的户。\n\n**为什么要紧：**户编号变更后，与其他部门数据、上期数据对不上，需要说明。\n\n**怎么改：**确认户编号变更是否有依据（如村合并重新编号），并在上报时注明新旧编号。\n\n**例子：**上期户编号 3604260010010011，本期为 3604260020010011。",
    },
    Meta {
        key: "period-id-corrected",
        severity: Severity::Info,
        scope: Scope::Cell,
        needs: &[],
        title_zh: "上期比对：证件号码更正",
        title_en: "Period comparison: ID corrected",
        message_zh: "证件号码更正：上期为 {old_id}（第 {old_row} 行），本期为 {value}，{basis}",
        message_en: "ID corrected: {old_id} in the previous register (row {old_row}), {value} now, {basis_en}",
        doc: "A person whose ID differs from the previous register's: found by the same name and birth date \
(出生日期, else the ID's), or by the same name in the same household, with another ID, and no other \
candidate on either side. IDs are compared normalised first (15 digits upgraded, `#` and spaces \
stripped, a 残疾人证号 reduced to its ID), so a mere change of writing is no correction.\n\nInfo: an \
ID corrected should be reported upward with its evidence. Example: 36042619910101007X last period, \
360426199101010071 now.",
        doc_zh: "**查什么：**姓名和出生日期相同（或同一户内姓名相同）、证件号码却不同的人，视为证件号码更正。证件号码先统一写法再比较：15 位升 18 位、去掉 # 号和空格、残疾人证号取前 18 位，仅写法不同不算更正。\n\n**为什么要紧：**证件号码是比对其他部门数据的依据，更正要有户口簿或身份证为证。\n\n**怎么改：**对照身份证或户口簿确认本期号码正确，留存更正依据。\n\n**例子：**上期 36042619910101007X，本期 360426199101010071。",
    },
    Meta {
        key: "period-name-changed",
        severity: Severity::Info,
        scope: Scope::Cell,
        needs: &[],
        title_zh: "上期比对：姓名变更",
        title_en: "Period comparison: name changed",
        message_zh: "姓名变更：证件号码相同，上期姓名为“{old_name}”（第 {old_row} 行），本期为“{value}”",
        message_en: "Name changed: same ID, \"{old_name}\" in the previous register (row {old_row}), \"{value}\" now",
        doc: "A person found by the same ID whose name differs (compared without spaces, dots or full-width \
forms).\n\nInfo: a name change needs its evidence (户口簿); a new name on a known ID may also be a \
typing error. Example: 王小明 last period, 王晓明 now.",
        doc_zh: "**查什么：**证件号码相同、姓名不同的人（忽略空格、间隔点和全角半角差别）。\n\n**为什么要紧：**改名要有户籍依据；也可能是本期录错了字。\n\n**怎么改：**对照户口簿核实姓名，录错的请改正。\n\n**例子：**上期“王小明”，本期“王晓明”。",
    },
    Meta {
        key: "period-status-changed",
        severity: Severity::Info,
        scope: Scope::Cell,
        needs: &[],
        title_zh: "上期比对：状态变化",
        title_en: "Period comparison: status changed",
        message_zh: "状态变化：{column}由“{old}”变为“{value}”{what}",
        message_en: "Status changed: {column} was \"{old}\", now \"{value}\"{what_en}",
        doc: "A household found in both registers (by 户编号, or renumbered) whose 户类型, 贫困户属性, 脱贫属性, \
监测对象类别 or 风险是否已消除 differs, read on the head's row (else the first): 脱贫 → 返贫 or 未脱贫, \
newly monitored (监测对象类别 filled), monitoring ended, risk removed (风险是否已消除 是), 户类型 \
changed. One finding per column changed, on the head's row.\n\nInfo. Example: 监测对象类别 blank last \
period, 突发严重困难户 now (新纳入监测).",
        doc_zh: "**查什么：**两期都有的户，户类型、贫困户属性、脱贫属性、监测对象类别、风险是否已消除发生变化（看户主那一行）。会注明返贫、新纳入监测、不再是监测对象、风险已消除等。\n\n**为什么要紧：**返贫、新纳入监测、风险消除都是要向上级报告的重要变化，必须有识别或消除的程序和依据。\n\n**怎么改：**核对变化是否经过规定程序，相关时间和帮扶措施是否已填写。\n\n**例子：**监测对象类别上期为空，本期为“突发严重困难户”（新纳入监测）。",
    },
    Meta {
        key: "period-size-change-mismatch",
        severity: Severity::Warning,
        scope: Scope::Household,
        needs: &[],
        title_zh: "上期比对：人口数变化与成员变化不符",
        title_en: "Period comparison: size changed unlike the members",
        message_zh: "人口数变化与成员变化不符：人口数由 {old_size} 变为 {value}（{size_delta}），成员由 {old_members} 人变为 {members} 人（{member_delta}）",
        message_en: "The declared size changed unlike the members: {old_size} → {value} ({size_delta}), members {old_members} → {members} ({member_delta})",
        doc: "A household found in both registers whose declared size (人数/家庭人口数, read on the head's \
row) changed by another number than its member rows did (members marked as left in 人员变动/人员状态 \
not counted). A birth entered without raising the size, or a death that lowered the size while the \
row stayed, shows here, with which side moved.\n\nWarning: the one change that is a fault — the \
size or the rows must be corrected. Example: 人数 4 → 4 while the members went from 4 to 3 (a \
death recorded on the rows only).",
        doc_zh: "**查什么：**两期都有的户，登记的人口数的变化与成员行数的变化不一致（标为减少的成员不计入）。\n\n**为什么要紧：**这是比对中唯一真正的差错：要么人口数没跟着改，要么成员行没跟着增删。\n\n**怎么改：**对照实际成员，把人口数或成员行改正，使两者一致。\n\n**例子：**人口数上期 4、本期仍是 4，成员却从 4 人变成 3 人（去世的人删了行，人口数没改）。",
    },
];
