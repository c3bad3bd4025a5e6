// The values a check found off the code lists (value-not-in-code-list), added to the current
// profile's `codes` in one step: the same as `huqing profile add-values` (src/profile/values.rs).

/**
 * The open value-not-in-code-list findings of `report` as [{role, value, rows}], by column key
 * (the role whose column has the finding's header).
 */
export function unknownValues(report) {
  const roleOf = new Map(Object.entries(report.columns || {}).map(([role, header]) => [header, role]));
  const seen = [];
  for (const f of report.findings || []) {
    if (f.rule !== 'value-not-in-code-list' || f.exempted) continue;
    const role = roleOf.get(f.column);
    if (!role) continue;
    const known = seen.find((s) => s.role === role && s.value === f.value);
    if (known) known.rows += f.rows.length;
    else seen.push({ role, value: f.value, rows: f.rows.length });
  }
  return seen;
}

/**
 * The profile document `profile` (a built-in name, which the new document extends, or a
 * profile's JSON text) with `seen` added to its codes, as {name, text} for a download.
 */
export function withValues(profile, seen) {
  const doc = profile.trim().startsWith('{')
    ? JSON.parse(profile)
    : { name: `${profile}-本省取值`, extends: profile };
  doc.codes = doc.codes || {};
  for (const { role, value } of seen) {
    const list = doc.codes[role] || (doc.codes[role] = []);
    if (!list.some((v) => String(v).trim() === value.trim())) list.push(value);
  }
  const safe = String(doc.name || 'profile').replace(/[\\/:*?"<>|]/g, '_');
  return { name: `${safe}.json`, text: `${JSON.stringify(doc, null, 2)}\n` };
}
