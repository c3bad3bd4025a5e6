// The settings panel: the profile (built-in or loaded from a file), the exemption list (豁免清单)
// and the 规则说明 of the profile's rules. A change re-checks the current file (see initProfilePanel).

import { kinds, rules } from './huqing.js';
import { BUILT_IN_PROFILES, CODES } from './constants.js';
import { badge, el } from './dom.js';
import { renderCompare } from './compare-panel.js';
import { state, ui } from './page-state.js';
import { clearError, showError, toError } from './progress-and-errors.js';
import { TEXT, t } from './text.js';

/** Re-checks the current file with the current choices; set by initProfilePanel. */
let rerun = () => {};

/** Sets what a change of profile or exemption list does: re-check the current file. */
export function initProfilePanel(hooks) {
  rerun = hooks.rerun;
}

/** The profile as the checker takes it: a built-in name or the loaded file's JSON text. */
export function currentProfile() {
  return state.profile === 'file' && state.profileFile ? state.profileFile.text : state.profile;
}

/** A profile's name as shown: the built-in ones by what they are for. */
export function profileLabel(name) {
  return t().profiles[name] || name;
}

export function renderProfileChoice() {
  const text = t();
  const options = BUILT_IN_PROFILES.map((name) => {
    const option = el('option', null, text.profiles[name]);
    option.value = name;
    return option;
  });
  if (state.profileFile) {
    const option = el('option', null, text.profileFile(state.profileFile.name));
    option.value = 'file';
    options.push(option);
  }
  ui.profile.replaceChildren(...options);
  ui.profile.value = state.profile;
}

export function renderExemptions() {
  const text = t();
  ui.exemptionsName.textContent = state.exemptions ? state.exemptions.name : text.exemptionsNone;
  ui.exemptionsName.classList.toggle('none', !state.exemptions);
  ui.exemptionsClear.hidden = !state.exemptions;
}

/** Switches to `choice` after the checker accepted the profile; a refused one is shown as an error. */
async function chooseProfile(choice, file = null) {
  const previous = { profile: state.profile, profileFile: state.profileFile };
  state.profile = choice;
  if (file) state.profileFile = file;
  try {
    state.catalogue = await rules({ profile: currentProfile() });
    state.kinds = await kinds({ profile: currentProfile() });
  } catch (e) {
    Object.assign(state, previous);
    renderProfileChoice();
    showError(toError(e));
    return;
  }
  clearError();
  renderProfileChoice();
  renderRulesDoc();
  renderCompare(state.report);
  rerun();
}

ui.profile.addEventListener('change', () => chooseProfile(ui.profile.value));
ui.profileLoad.addEventListener('click', () => {
  ui.profileFile.value = '';
  ui.profileFile.click();
});
ui.profileFile.addEventListener('change', async () => {
  const file = ui.profileFile.files && ui.profileFile.files[0];
  if (!file) return;
  let text;
  try {
    text = await file.text();
  } catch (e) {
    showError({ code: CODES.profileUnreadable, message_zh: TEXT.zh.profileReadFailed + e.message, message_en: TEXT.en.profileReadFailed + e.message });
    return;
  }
  let name = file.name;
  try {
    name = JSON.parse(text).name || name;
  } catch {
    // the checker explains what is wrong with the text
  }
  chooseProfile('file', { name: String(name), text });
});

ui.exemptionsLoad.addEventListener('click', () => {
  ui.exemptionsFile.value = '';
  ui.exemptionsFile.click();
});
ui.exemptionsFile.addEventListener('change', () => {
  const file = ui.exemptionsFile.files && ui.exemptionsFile.files[0];
  if (!file) return;
  state.exemptions = file;
  renderExemptions();
  rerun();
});
ui.exemptionsClear.addEventListener('click', () => {
  state.exemptions = null;
  renderExemptions();
  rerun();
});


// ---- 规则说明 ----

/** A doc in the Markdown subset rule docs use (paragraphs, **bold**, `code`), built as DOM. */
function renderDoc(markdown) {
  const fragment = document.createDocumentFragment();
  for (const para of String(markdown || '').split(/\n\s*\n/)) {
    if (!para.trim()) continue;
    const p = el('p');
    for (const part of para.replace(/\s*\n\s*/g, ' ').split(/(\*\*[^*]+\*\*|`[^`]+`)/)) {
      if (part.startsWith('**') && part.endsWith('**') && part.length > 4) p.append(el('strong', null, part.slice(2, -2)));
      else if (part.startsWith('`') && part.endsWith('`') && part.length > 2) p.append(el('code', null, part.slice(1, -1)));
      else if (part) p.append(document.createTextNode(part));
    }
    fragment.append(p);
  }
  return fragment;
}

export function renderRulesDoc() {
  const text = t();
  const list = state.catalogue || [];
  const profileName = state.profile === 'file' && state.profileFile ? state.profileFile.name : state.profile;
  ui.rulesDocHint.textContent = text.rulesDocHint(profileLabel(profileName), list.length, list.filter((r) => !r.enabled).length);
  ui.rulesDocList.replaceChildren(...list.map((rule) => {
    const item = el('li', `rule-doc${rule.enabled ? '' : ' off'}`);
    item.id = `rule-${rule.key}`;
    item.dataset.rule = rule.key;
    const head = el('div', 'rule-doc-head');
    head.append(
      el('h3', null, state.lang === 'zh' ? rule.title_zh : rule.title_en),
      badge(rule.severity),
      el('code', 'rule-key', rule.key),
      el('span', 'tag', text.scopes[rule.scope] || rule.scope),
    );
    if (rule.custom) head.append(el('span', 'tag custom', text.ruleCustom));
    if (!rule.enabled) head.append(el('span', 'tag off', text.ruleOff));
    const other = state.lang === 'zh' ? rule.title_en : rule.title_zh;
    const doc = el('div', 'doc');
    doc.append(renderDoc(state.lang === 'zh' && rule.doc_zh ? rule.doc_zh : rule.doc));
    const otherTitle = el('p', 'other-title', other);
    otherTitle.lang = state.lang === 'zh' ? 'en' : 'zh-CN';
    item.append(head, otherTitle, doc);
    return item;
  }));
}

function showRulesDoc(open) {
  ui.rulesDoc.hidden = !open;
  if (open) {
    renderRulesDoc();
    ui.rulesDoc.scrollIntoView({ block: 'start' });
  }
}

ui.rulesDocOpen.addEventListener('click', () => showRulesDoc(ui.rulesDoc.hidden));
ui.rulesDocClose.addEventListener('click', () => {
  showRulesDoc(false);
  ui.rulesDocOpen.focus();
});
