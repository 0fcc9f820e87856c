// The audit log for the data protection officer: entries newest first, filtered by actor, action,
// target prefix and time, a page at a time ("older entries" follows the API's nextLink), and a
// "verify chain" button that shows what the server's verifier found. Reading here is itself
// recorded in the log by the server. Anyone else sees the API's refusal (sign in / not allowed).
import * as api from './api.js';
import { t, formatTime } from './i18n.js';

let nextLink = null;
// Only the latest load renders: the view may be shown twice while the console starts.
let generation = 0;

export function initAudit() {
  const form = document.getElementById('audit-filters');
  form.addEventListener('submit', (e) => { e.preventDefault(); loadAudit(); });
  document.getElementById('audit-more').addEventListener('click', () => loadMore());
  document.getElementById('audit-verify').addEventListener('click', () => verify());
}

export function auditShown() {
  loadAudit();
}

function filters() {
  const value = (id) => document.getElementById(id).value.trim();
  const instant = (id) => { const v = value(id); return v ? new Date(v).toISOString() : ''; };
  return { actor: value('audit-actor'), action: value('audit-action'), target: value('audit-target'),
    since: instant('audit-since'), until: instant('audit-until') };
}

async function loadAudit() {
  const mine = ++generation;
  await show(() => api.auditEntries(filters()), mine, true);
}

async function loadMore() {
  if (nextLink) await show(() => api.auditPage(nextLink), generation, false);
}

async function show(read, mine, fresh) {
  const error = document.getElementById('audit-error');
  try {
    const answer = await read();
    if (mine !== generation) return;
    error.hidden = true;
    if (fresh) document.getElementById('audit-table').querySelector('tbody').replaceChildren();
    const body = document.getElementById('audit-table').querySelector('tbody');
    for (const entry of answer.value) body.append(row(entry));
    nextLink = answer.nextLink || null;
    document.getElementById('audit-more').hidden = !nextLink;
    document.getElementById('audit-count').textContent = t('audit.count', { count: body.children.length });
  } catch (e) {
    error.hidden = false;
    error.textContent = refusal(e);
  }
}

function refusal(e) {
  if (e.status === 401) return t('audit.signIn');
  if (e.status === 403) return t('audit.forbidden');
  return t('audit.error', { detail: e.message });
}

function row(entry) {
  const tr = document.createElement('tr');
  const details = Object.entries(entry.details).map(([k, v]) => `${k}=${v}`).join(', ');
  for (const text of [String(entry.seq), formatTime(entry.at), entry.actor, entry.action, entry.target, details]) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  const hash = document.createElement('td');
  const code = document.createElement('code');
  code.textContent = entry.hash.slice(0, 12);
  code.title = entry.hash;
  hash.append(code);
  tr.append(hash);
  return tr;
}

async function verify() {
  const result = document.getElementById('audit-verify-result');
  result.textContent = t('audit.verifying');
  result.dataset.valid = '';
  try {
    const answer = await api.verifyAudit();
    result.dataset.valid = String(answer.valid);
    const figures = { count: answer.entriesChecked, seq: answer.headSeq, hash: answer.headHash };
    if (answer.valid) {
      result.textContent = t('audit.intact', figures);
    } else {
      const broken = answer.firstBreak;
      result.textContent = t('audit.broken', { ...figures, broken: broken.seq, reason: broken.reason, detail: broken.detail });
    }
  } catch (e) {
    result.textContent = refusal(e);
  }
}
