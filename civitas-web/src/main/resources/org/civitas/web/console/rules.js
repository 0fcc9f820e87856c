// The rules: a table of the current versions, a rule's history, and an editor for the rule's JSON
// exactly as the API takes it (docs/API.md, "Rules"), with a template per condition kind. What
// the API refuses is shown beside the editor with the JSON path it names.
import { store } from './store.js';
import * as api from './api.js';
import { actor, ensureActor } from './actor.js';
import { severityName } from './alarms.js';
import { t, formatTime, language } from './i18n.js';

export const KINDS = ['threshold', 'rateOfChange', 'absence', 'windowedAggregate', 'geofence', 'combination'];
/** Members the server writes; they are left out of what the editor shows. */
const WRITTEN_BY_SERVER = ['id', 'version', 'changedAt', 'deleted'];

let rules = [];
let editing = null;
let versionsOf = null;
let loads = 0;
let lastDrawn = '';

export function initRules() {
  const template = document.getElementById('rule-template');
  template.replaceChildren(...KINDS.map((kind) => new Option(t(`rules.kind.${kind}`), kind)));
  document.getElementById('rule-new').addEventListener('click', () => openEditor(null));
  document.getElementById('rule-template-use').addEventListener('click', () => {
    document.getElementById('rule-json').value = JSON.stringify(templateFor(template.value), null, 2);
    showEditorError(null);
  });
  document.getElementById('rule-cancel').addEventListener('click', closeEditor);
  document.getElementById('rule-form').addEventListener('submit', (e) => { e.preventDefault(); save(); });
}

/** The view became visible; `ruleId` (from `#rules/<id>`) opens that rule's versions. */
export function rulesShown(ruleId) {
  loadRules();
  if (ruleId) showVersions(ruleId);
}

export function renderRules() {
  const template = document.getElementById('rule-template');
  const chosen = template.value;
  template.replaceChildren(...KINDS.map((kind) => new Option(t(`rules.kind.${kind}`), kind)));
  template.value = chosen || KINDS[0];
  renderTable();
  if (versionsOf) showVersions(versionsOf);
}

async function loadRules() {
  const load = ++loads;
  const error = document.getElementById('rules-error');
  try {
    const answer = await api.rules();
    if (load !== loads) return;
    rules = answer.value;
    error.hidden = true;
    renderTable();
  } catch (e) {
    error.hidden = false;
    error.textContent = t('rules.failed', { detail: e.message });
  }
}

function renderTable() {
  // Unchanged rules are not drawn again: the keyboard focus stays on the button it was on.
  const drawn = JSON.stringify(rules) + language();
  if (drawn === lastDrawn) return;
  lastDrawn = drawn;
  document.getElementById('rules-count').textContent = rules.length === 1
    ? t('rules.countOne') : t('rules.count', { count: rules.length });
  const body = document.querySelector('#rules-table tbody');
  if (!rules.length) {
    const row = document.createElement('tr');
    const only = cell(t('rules.none'));
    only.colSpan = 9;
    row.append(only);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(...rules.map((rule) => {
    const row = document.createElement('tr');
    row.dataset.rule = rule.id;
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = rule.name;
    const actions = document.createElement('td');
    actions.className = 'row-actions';
    actions.append(
      button(t('rules.edit'), t('rules.editLabel', { name: rule.name }), 'edit', () => openEditor(rule)),
      button(t('rules.versions'), t('rules.versionsLabel', { name: rule.name }), 'versions', () => showVersions(rule.id)),
      button(rule.enabled ? t('rules.disable') : t('rules.enable'),
        t(rule.enabled ? 'rules.disableLabel' : 'rules.enableLabel', { name: rule.name }),
        'toggle', () => toggle(rule)));
    row.append(cell(rule.id), name, cell(t(`rules.kind.${rule.condition?.kind}`)), cell(describeTarget(rule)),
      cell(severityName(rule.severity)), cell(rule.enabled ? t('rules.enabled.yes') : t('rules.enabled.no')),
      cell(String(rule.version)), cell(rule.author || t('none')), actions);
    return row;
  }));
}

function describeTarget(rule) {
  const target = rule.target;
  if (rule.condition?.kind === 'combination') {
    return (rule.condition.parts || []).map((p) => `${p.name}: ${streamName(p.datastream)}`).join(', ');
  }
  if (!target) return t('none');
  if (target.datastream !== undefined) return streamName(target.datastream);
  if (target.filter !== undefined) return t('rules.target.filter', { filter: target.filter });
  return t('rules.target.property', { property: target.observedProperty, district: target.district || t('none') });
}

function streamName(id) {
  const owner = store.streamOwner.get(id);
  return owner ? t('alarms.sourceOf', { device: owner.device.name, field: owner.field }) : t('live.datastream', { id });
}

async function openEditor(rule) {
  const name = await ensureActor();
  if (!name) return;
  editing = rule ? rule.id : null;
  const section = document.getElementById('rule-editor');
  section.hidden = false;
  document.getElementById('rule-editor-heading').textContent = rule
    ? t('rules.editing', { name: rule.name, id: rule.id }) : t('rules.creating');
  document.getElementById('rule-templates').hidden = Boolean(rule);
  const text = rule ? definition(rule, name) : templateFor(document.getElementById('rule-template').value || KINDS[0]);
  document.getElementById('rule-json').value = JSON.stringify(text, null, 2);
  showEditorError(null);
  document.getElementById('rule-result').textContent = '';
  document.getElementById(rule ? 'rule-json' : 'rule-template').focus();
}

function closeEditor() {
  document.getElementById('rule-editor').hidden = true;
  editing = null;
  document.getElementById('rule-new').focus();
}

/** A rule as it is PUT back: without what the server writes, by the operator acting now. */
function definition(rule, author) {
  const copy = { ...rule, author };
  WRITTEN_BY_SERVER.forEach((member) => delete copy[member]);
  return copy;
}

async function save() {
  const text = document.getElementById('rule-json').value;
  try {
    JSON.parse(text);
  } catch (e) {
    showEditorError({ message: t('rules.notJson', { detail: e.message }) });
    return;
  }
  try {
    const saved = editing ? await api.updateRule(editing, text) : await api.createRule(text);
    showEditorError(null);
    document.getElementById('rule-editor').hidden = true;
    editing = null;
    const result = document.getElementById('rule-result');
    result.textContent = t('rules.saved', { name: saved.name, id: saved.id, version: saved.version });
    await loadRules();
    if (versionsOf === saved.id) showVersions(saved.id);
    document.getElementById('rule-new').focus();
  } catch (e) {
    showEditorError(e);
  }
}

function showEditorError(problem) {
  const box = document.getElementById('rule-json-error');
  const area = document.getElementById('rule-json');
  if (!problem) {
    box.hidden = true;
    box.replaceChildren();
    area.removeAttribute('aria-invalid');
    return;
  }
  const where = document.createElement('code');
  where.className = 'path';
  where.textContent = problem.field || t('rules.wholeRule');
  box.replaceChildren(t('rules.refusedAt'), ' ', where, ': ', problem.message);
  box.dataset.field = problem.field || '';
  box.hidden = false;
  area.setAttribute('aria-invalid', 'true');
}

async function toggle(rule) {
  const name = await ensureActor();
  if (!name) return;
  const error = document.getElementById('rules-error');
  try {
    const saved = await api.updateRule(rule.id, { ...definition(rule, name), enabled: !rule.enabled });
    error.hidden = true;
    document.getElementById('rule-result').textContent = t(saved.enabled ? 'rules.nowEnabled' : 'rules.nowDisabled',
      { name: saved.name, version: saved.version });
    await loadRules();
    if (versionsOf === saved.id) showVersions(saved.id);
    document.querySelector(`#rules-table tr[data-rule="${CSS.escape(saved.id)}"] button[data-action="toggle"]`)?.focus();
  } catch (e) {
    error.hidden = false;
    error.textContent = e.field ? t('alarms.refusedField', { detail: e.message, field: e.field })
      : t('alarms.refused', { detail: e.message });
  }
}

async function showVersions(id) {
  versionsOf = id;
  const section = document.getElementById('rule-versions');
  section.hidden = false;
  const heading = document.getElementById('rule-versions-heading');
  heading.textContent = t('rules.versionsOf', { id });
  const list = document.getElementById('rule-version-list');
  try {
    const answer = await api.ruleVersions(id);
    list.replaceChildren(...answer.value.slice().reverse().map((version) => {
      const item = document.createElement('li');
      item.dataset.version = String(version.version);
      const line = document.createElement('p');
      line.textContent = t(version.deleted ? 'rules.versionDeleted' : 'rules.versionLine', {
        version: version.version, time: formatTime(version.changedAt), author: version.author,
        enabled: version.enabled ? t('rules.enabled.yes') : t('rules.enabled.no'),
      });
      const more = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = t('rules.versionJson');
      const pre = document.createElement('pre');
      pre.textContent = JSON.stringify(version, null, 2);
      more.append(summary, pre);
      item.append(line, more);
      return item;
    }));
  } catch (e) {
    list.replaceChildren();
    const item = document.createElement('li');
    item.textContent = t('rules.failed', { detail: e.message });
    list.append(item);
  }
}

/** A starting point per condition kind, on a Datastream of this city when there is one. */
function templateFor(kind) {
  const streams = [...store.streamOwner.keys()];
  const first = streams[0] ?? 1;
  const second = streams[1] ?? first;
  const base = {
    name: t('rules.templateName', { kind: t(`rules.kind.${kind}`) }),
    description: '',
    author: actor(),
    enabled: true,
    severity: 'MAJOR',
    target: { datastream: first },
  };
  const conditions = {
    threshold: { kind: 'threshold', op: '>', value: 30, hysteresis: 0.5 },
    rateOfChange: { kind: 'rateOfChange', maxPerMinute: 0.5 },
    absence: { kind: 'absence', duration: 'PT30M' },
    windowedAggregate: { kind: 'windowedAggregate', function: 'mean', window: 'PT15M', op: '>', value: 60 },
    geofence: { kind: 'geofence', alertWhen: 'outside', polygon: districtPolygon() },
    combination: {
      kind: 'combination', logic: 'AND', tolerance: 'PT15M', parts: [
        { name: 'first', datastream: first, condition: { kind: 'threshold', op: '>', value: 30 } },
        { name: 'second', datastream: second, condition: { kind: 'threshold', op: '>', value: 30 } },
      ],
    },
  };
  const rule = { ...base, condition: conditions[kind], actions: [{ type: 'raiseAlarm' }] };
  if (kind === 'combination') delete rule.target;
  return rule;
}

/** The first district's boundary, or a small square, as the template's fence. */
function districtPolygon() {
  const geometry = store.districts.features?.find((f) => f.geometry?.type === 'Polygon')?.geometry;
  return geometry || { type: 'Polygon', coordinates: [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]] };
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function button(text, label, action, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.dataset.action = action;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}
