// The alarms: open ones first (raised, then acknowledged), newest first within each, filtered by
// state and severity; one alarm's details with acknowledge, clear, assign and comment. The list is
// read again on each `alarm` event of the live feed and, while shown, every few seconds (a repeat
// of an open alarm raises no event but changes its count).
import { store } from './store.js';
import * as api from './api.js';
import { ensureActor } from './actor.js';
import { t, formatTime } from './i18n.js';

export const SEVERITIES = ['CRITICAL', 'MAJOR', 'MINOR', 'INFO'];
const STATE_FILTERS = { open: ['raised', 'acknowledged'], raised: ['raised'],
  acknowledged: ['acknowledged'], cleared: ['cleared'], all: ['raised', 'acknowledged', 'cleared'] };
const POLL_MS = 5000;
const RELOAD_DELAY_MS = 200;

let shown = false;
let pollTimer = null;
let reloadTimer = null;
let loads = 0;
let lastList = '';
let selectedId = null;
let selectedJson = '';
const ruleNames = new Map();

export function initAlarms() {
  const filters = document.getElementById('alarm-filters');
  filters.addEventListener('input', () => { lastList = ''; loadAlarms(); });
  filters.addEventListener('submit', (e) => e.preventDefault());
  document.getElementById('alarm-acknowledge').addEventListener('click', () =>
    act('acknowledged', async (id) => api.acknowledge(id, await needActor())));
  document.getElementById('alarm-clear').addEventListener('click', () =>
    act('cleared', async (id) => api.clearAlarm(id, await needActor())));
  document.getElementById('alarm-assign-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const assignee = document.getElementById('alarm-assignee').value.trim();
    act(assignee ? 'assigned' : 'unassigned', (id) => api.assign(id, assignee || null));
  });
  document.getElementById('alarm-comment-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const box = document.getElementById('alarm-comment');
    act('commented', async (id) => {
      const answer = await api.comment(id, await needActor(), box.value);
      box.value = '';
      return answer;
    });
  });
  renderFilters();
}

export function renderFilters() {
  const state = document.getElementById('alarm-state');
  const before = state.value || 'open';
  state.replaceChildren(...Object.keys(STATE_FILTERS).map((key) => new Option(t(`alarms.filter.${key}`), key)));
  state.value = before;
  const severity = document.getElementById('alarm-severity');
  const chosen = severity.value;
  severity.replaceChildren(new Option(t('filter.all'), ''),
    ...SEVERITIES.map((s) => new Option(severityName(s), s)));
  severity.value = chosen;
}

/** The view became visible: read now, then every few seconds until it is hidden. */
export function alarmsShown(alarmId) {
  shown = true;
  if (alarmId) selectAlarm(Number(alarmId));
  loadAlarms();
  if (!pollTimer) pollTimer = setInterval(loadAlarms, POLL_MS);
}

export function alarmsHidden() {
  shown = false;
  clearInterval(pollTimer);
  pollTimer = null;
}

/** An `alarm` event of the live feed (or a reconnect, with no event): read again soon. */
export function alarmChanged() {
  if (!shown || reloadTimer) return;
  reloadTimer = setTimeout(() => { reloadTimer = null; loadAlarms(); }, RELOAD_DELAY_MS);
}

/** Everything again, in the current language. */
export function renderAlarms() {
  renderFilters();
  lastList = '';
  selectedJson = '';
  if (shown) loadAlarms();
}

export function severityName(severity) {
  return t(`severity.${severity}`);
}

async function loadAlarms() {
  const load = ++loads;
  const states = STATE_FILTERS[document.getElementById('alarm-state').value] || STATE_FILTERS.open;
  const severity = document.getElementById('alarm-severity').value;
  const error = document.getElementById('alarms-error');
  try {
    const [pages, rules] = await Promise.all([
      Promise.all(states.map((state) => api.alarms({ state, severity }))),
      api.rules().catch(() => null),
    ]);
    if (load !== loads) return;
    if (rules) rules.value.forEach((rule) => ruleNames.set(rule.id, rule.name));
    const list = pages.flatMap((page) => page.value);
    const more = pages.some((page) => page.nextLink);
    error.hidden = true;
    renderTable(list, more);
    if (selectedId !== null) {
      const inList = list.find((alarm) => alarm.id === selectedId);
      renderDetails(inList || await api.alarm(selectedId));
    }
  } catch (e) {
    if (load !== loads) return;
    error.hidden = false;
    error.textContent = t('alarms.failed', { detail: e.message });
  }
}

function renderTable(list, more) {
  const text = JSON.stringify(list) + more;
  if (text === lastList) return;
  lastList = text;
  const count = more ? t('alarms.countMore', { count: list.length })
    : list.length === 1 ? t('alarms.countOne') : t('alarms.count', { count: list.length });
  const status = document.getElementById('alarms-count');
  if (status.textContent !== count) status.textContent = count;
  const body = document.querySelector('#alarms-table tbody');
  // A poll must not take the keyboard focus away from the row the operator is on.
  const focused = body.contains(document.activeElement) ? document.activeElement.dataset.alarm : null;
  if (!list.length) {
    const row = document.createElement('tr');
    const only = cell(t('alarms.none'));
    only.colSpan = 8;
    row.append(only);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(...list.map((alarm) => {
    const row = document.createElement('tr');
    row.dataset.alarmId = String(alarm.id);
    row.dataset.state = alarm.state;
    if (alarm.id === selectedId) row.setAttribute('aria-current', 'true');
    const summary = document.createElement('th');
    summary.scope = 'row';
    const link = document.createElement('a');
    link.href = `#alarms/${alarm.id}`;
    link.dataset.alarm = String(alarm.id);
    link.textContent = alarm.summary || t('alarms.alarm', { id: alarm.id });
    summary.append(link);
    const severity = document.createElement('td');
    severity.append(badge(alarm.severity));
    row.append(severity, cell(t(`alarms.state.${alarm.state}`)), summary, sourceCell(alarm.source),
      ruleCell(alarm), cell(formatTime(alarm.raisedAt)), cell(String(alarm.count)),
      cell(alarm.assignee || t('none')));
    return row;
  }));
  if (focused) body.querySelector(`a[data-alarm="${focused}"]`)?.focus();
}

function selectAlarm(id) {
  selectedId = id;
  selectedJson = '';
  document.getElementById('alarm-details').hidden = false;
  document.getElementById('alarm-result').textContent = '';
  document.getElementById('alarm-error').hidden = true;
  document.querySelectorAll('#alarms-table tbody tr').forEach((row) => {
    if (row.dataset.alarmId === String(id)) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  });
}

function renderDetails(alarm) {
  const text = JSON.stringify(alarm);
  if (text === selectedJson) return;
  selectedJson = text;
  document.getElementById('alarm-heading').textContent = t('alarms.details', { id: alarm.id });
  const facts = document.getElementById('alarm-facts');
  const rows = [
    ['col.severity', badge(alarm.severity)],
    ['col.state', t(`alarms.state.${alarm.state}`)],
    ['col.summary', alarm.summary || t('none')],
    ['col.source', sourceLinks(alarm.source)],
    ['col.rule', ruleLink(alarm)],
    ['alarms.raisedAt', formatTime(alarm.raisedAt)],
    ['alarms.lastAt', formatTime(alarm.lastAt)],
    ['col.count', String(alarm.count)],
    ['alarms.values', alarm.values ? JSON.stringify(alarm.values) : t('none')],
    ['alarms.acknowledged', alarm.acknowledgedAt
      ? t('alarms.by', { time: formatTime(alarm.acknowledgedAt), name: alarm.acknowledgedBy || t('none') }) : t('none')],
    ['alarms.cleared', alarm.clearedAt
      ? t('alarms.by', { time: formatTime(alarm.clearedAt), name: alarm.clearedBy || t('alarms.byRule') }) : t('none')],
    ['col.assignee', alarm.assignee || t('none')],
  ];
  facts.replaceChildren(...rows.flatMap(([key, value]) => {
    const term = document.createElement('dt');
    term.textContent = t(key);
    const detail = document.createElement('dd');
    detail.append(value);
    return [term, detail];
  }));
  facts.dataset.state = alarm.state;
  document.getElementById('alarm-acknowledge').hidden = alarm.state !== 'raised';
  document.getElementById('alarm-clear').hidden = alarm.state === 'cleared';
  const assignee = document.getElementById('alarm-assignee');
  if (document.activeElement !== assignee) assignee.value = alarm.assignee || '';
  const comments = document.getElementById('alarm-comments');
  comments.replaceChildren(...(alarm.comments || []).map((c) => {
    const item = document.createElement('li');
    const who = document.createElement('span');
    who.className = 'muted';
    who.textContent = t('alarms.commentBy', { name: c.author, time: formatTime(c.at) });
    const said = document.createElement('p');
    said.textContent = c.text;
    item.append(who, said);
    return item;
  }));
  document.getElementById('alarm-no-comments').hidden = (alarm.comments || []).length > 0;
}

async function needActor() {
  const name = await ensureActor();
  if (!name) throw new Error(t('actor.needed'));
  return name;
}

/** Runs one change of the selected alarm and says how it went, the API's reason when refused. */
async function act(done, change) {
  if (selectedId === null) return;
  const error = document.getElementById('alarm-error');
  const result = document.getElementById('alarm-result');
  error.hidden = true;
  result.textContent = '';
  try {
    const alarm = await change(selectedId);
    renderDetails(alarm);
    result.textContent = t(`alarms.done.${done}`, { id: alarm.id });
    lastList = '';
    loadAlarms();
    // The button pressed may be gone now (acknowledged alarms have no Acknowledge button).
    if (!document.activeElement || document.activeElement === document.body) {
      const heading = document.getElementById('alarm-heading');
      heading.tabIndex = -1;
      heading.focus();
    }
  } catch (e) {
    error.hidden = false;
    error.textContent = e.field
      ? t('alarms.refusedField', { detail: e.message, field: e.field })
      : t('alarms.refused', { detail: e.message });
  }
}

function badge(severity) {
  const span = document.createElement('span');
  span.className = `badge severity-${severity}`;
  span.textContent = severityName(severity);
  return span;
}

function cell(content) {
  const td = document.createElement('td');
  td.append(content);
  return td;
}

function sourceCell(source) {
  return cell(sourceLinks(source));
}

/** `Datastreams(7)` becomes a link to the chart of the device that feeds it, when known. */
function sourceLinks(source) {
  const out = document.createDocumentFragment();
  const pattern = /Datastreams\((\d+)\)/g;
  let at = 0;
  for (const match of String(source || '').matchAll(pattern)) {
    out.append(source.slice(at, match.index));
    const id = Number(match[1]);
    const owner = store.streamOwner.get(id);
    if (owner) {
      const link = document.createElement('a');
      link.href = `#devices/${encodeURIComponent(owner.device.id)}`;
      link.textContent = t('alarms.sourceOf', { device: owner.device.name, field: owner.field });
      link.title = match[0];
      out.append(link);
    } else {
      out.append(t('live.datastream', { id }));
    }
    at = match.index + match[0].length;
  }
  out.append(String(source || '').slice(at));
  return out;
}

function ruleLink(alarm) {
  const link = document.createElement('a');
  link.href = `#rules/${encodeURIComponent(alarm.ruleId)}`;
  const name = ruleNames.get(alarm.ruleId);
  link.textContent = t('alarms.ruleVersion', { rule: name || alarm.ruleId, version: alarm.ruleVersion });
  return link;
}

function ruleCell(alarm) {
  return cell(ruleLink(alarm));
}
