// The device-health report: the dead (silent, never seen) and the lying (stuck, out of range,
// drifting) first, the longest-standing problem first within each, then the counts by district.
import { store } from './store.js';
import { STATES } from './map.js';
import { t, formatTime, formatValue, stateName } from './i18n.js';

const ORDER = ['silent', 'never-seen', 'stuck', 'out-of-range', 'drifting', 'ok'];

export function renderHealth() {
  const report = store.healthReport;
  const assessed = document.getElementById('health-assessed');
  if (!report) { assessed.textContent = t('health.unavailable'); return; }
  assessed.textContent = t('health.assessed', { time: formatTime(report.assessedAt) });
  document.getElementById('health-counts').replaceChildren(...ORDER.map((state) => {
    const box = document.createElement('div');
    box.dataset.state = state;
    const name = document.createElement('span');
    name.className = `badge state-${state}`;
    name.textContent = stateName(state);
    const count = document.createElement('strong');
    count.textContent = ` ${report.counts?.[state] ?? 0}`;
    box.append(name, count);
    return box;
  }));
  const problems = report.value.filter((entry) => entry.state !== 'ok').sort((a, b) =>
    rank(a.state) - rank(b.state) || String(a.since).localeCompare(String(b.since)));
  const body = document.querySelector('#health-table tbody');
  if (!problems.length) {
    const row = document.createElement('tr');
    const only = cell(t('health.allOk'));
    only.colSpan = 7;
    row.append(only);
    body.replaceChildren(row);
  } else {
    body.replaceChildren(...problems.map((entry) => {
      const row = document.createElement('tr');
      row.dataset.state = entry.state;
      const device = document.createElement('th');
      device.scope = 'row';
      const link = document.createElement('a');
      link.href = `#devices/${encodeURIComponent(entry.deviceId)}`;
      link.textContent = entry.deviceId;
      device.append(link);
      row.append(device, cell(entry.district || t('none')), cell(stateName(entry.state)),
        cell(formatTime(entry.since)), cell(formatTime(entry.lastSeen)),
        cell(formatValue(entry.batteryPercent, '%')),
        cell((entry.findings || []).map((f) => f.detail || stateName(f.state)).join('; ')));
      return row;
    }));
  }
  const states = STATES.filter((s) => s !== 'unknown');
  const head = document.querySelector('#district-table thead');
  const headRow = document.createElement('tr');
  headRow.append(header(t('col.district')), ...states.map((s) => header(stateName(s))));
  head.replaceChildren(headRow);
  const districts = Object.entries(report.byDistrict || {}).sort(([a], [b]) => a.localeCompare(b));
  document.querySelector('#district-table tbody').replaceChildren(...districts.map(([name, counts]) => {
    const row = document.createElement('tr');
    const title = document.createElement('th');
    title.scope = 'row';
    title.textContent = name;
    row.append(title, ...states.map((s) => cell(String(counts[s] ?? 0))));
    return row;
  }));
}

function rank(state) {
  const i = ORDER.indexOf(state);
  return i < 0 ? ORDER.length : i;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function header(text) {
  const th = document.createElement('th');
  th.scope = 'col';
  th.textContent = text;
  return th;
}
