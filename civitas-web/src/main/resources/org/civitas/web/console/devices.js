// The device and datastream browser: a filterable table, and per Datastream a chart of the
// aggregate API whose bucket width follows the zoom level.
import { store, stateOf, datastream } from './store.js';
import { STATES } from './map.js';
import * as api from './api.js';
import { t, formatTime, formatValue, stateName } from './i18n.js';

const MINUTE = 60_000;
export const ZOOMS = [
  { key: 'hour', span: 60 * MINUTE, bucket: '1m' },
  { key: 'day', span: 24 * 60 * MINUTE, bucket: '15m' },
  { key: 'week', span: 7 * 24 * 60 * MINUTE, bucket: '1h' },
  { key: 'month', span: 31 * 24 * 60 * MINUTE, bucket: '6h' },
  { key: 'year', span: 365 * 24 * 60 * MINUTE, bucket: '1w' },
];
let zoom = ZOOMS[1];
let shown = null;
const charts = [];

export function initDevices() {
  document.getElementById('device-filters').addEventListener('input', renderTable);
  document.getElementById('device-filters').addEventListener('submit', (e) => e.preventDefault());
}

export function renderDevices() {
  fillSelect('filter-kind', [...new Set(store.devices.map((d) => d.profile).filter(Boolean))].sort(), (v) => v);
  fillSelect('filter-district', [...new Set(store.devices.map((d) => d.district).filter(Boolean))].sort(), (v) => v);
  fillSelect('filter-state', STATES, stateName);
  renderTable();
  if (shown) showCharts(shown);
}

function fillSelect(id, values, label) {
  const select = document.getElementById(id);
  const before = select.value;
  const all = new Option(t('filter.all'), '');
  select.replaceChildren(all, ...values.map((v) => new Option(label(v), v)));
  select.value = values.includes(before) ? before : '';
}

function renderTable() {
  const text = document.getElementById('filter-text').value.trim().toLowerCase();
  const kind = document.getElementById('filter-kind').value;
  const district = document.getElementById('filter-district').value;
  const state = document.getElementById('filter-state').value;
  const rows = store.devices.filter((d) =>
    (!text || d.id.toLowerCase().includes(text) || d.name.toLowerCase().includes(text))
    && (!kind || d.profile === kind) && (!district || d.district === district)
    && (!state || stateOf(d.id) === state));
  document.getElementById('devices-count').textContent = t('devices.count', { shown: rows.length, total: store.devices.length });
  const body = document.querySelector('#devices-table tbody');
  body.replaceChildren(...rows.map((device) => {
    const row = document.createElement('tr');
    const name = document.createElement('th');
    name.scope = 'row';
    const link = document.createElement('a');
    link.href = `#devices/${encodeURIComponent(device.id)}`;
    link.textContent = device.name;
    name.append(link, ` (${device.id})`);
    const health = store.health.get(device.id);
    row.append(name,
      cell(device.profile || t('none')), cell(device.district || t('none')),
      cell(stateName(stateOf(device.id))),
      cell(formatTime(health?.lastSeen || device.activity?.lastSeen)),
      cell(Object.keys(device.fields || {}).join(', ') || t('none')));
    return row;
  }));
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

export function showCharts(deviceId) {
  const device = store.devices.find((d) => d.id === deviceId);
  const section = document.getElementById('charts');
  if (!device) { section.hidden = true; shown = null; return; }
  shown = deviceId;
  section.hidden = false;
  document.getElementById('charts-heading').textContent = t('charts.heading', { name: device.name });
  const buttons = document.getElementById('zoom');
  buttons.replaceChildren(...ZOOMS.map((level) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.zoom = level.key;
    button.textContent = t(`zoom.${level.key}`);
    button.setAttribute('aria-pressed', String(level === zoom));
    button.addEventListener('click', () => { zoom = level; showCharts(deviceId); });
    return button;
  }));
  charts.splice(0).forEach((chart) => chart.destroy());
  const list = document.getElementById('chart-list');
  list.replaceChildren(...Object.entries(device.fields || {}).map(([field, id]) => {
    const box = document.createElement('figure');
    box.className = 'chart';
    box.dataset.datastream = String(id);
    const caption = document.createElement('h4');
    const stream = datastream(id);
    const unitText = stream?.unitOfMeasurement?.symbol;
    caption.textContent = unitText ? `${stream?.name || field} (${unitText})` : stream?.name || field;
    const plot = document.createElement('div');
    plot.className = 'plot';
    box.append(caption, plot);
    drawChart(id, plot);
    return box;
  }));
}

async function drawChart(id, plot) {
  const to = new Date(Date.now() + MINUTE);
  const from = new Date(to.getTime() - zoom.span);
  plot.textContent = t('chart.loading');
  try {
    const answer = await api.aggregate(id, from, to, zoom.bucket);
    const buckets = answer.buckets;
    plot.textContent = '';
    plot.dataset.points = String(buckets.length);
    if (!buckets.length) { plot.textContent = t('chart.empty'); return; }
    const xs = buckets.map((b) => Date.parse(b.start) / 1000);
    const min = Math.min(...buckets.map((b) => b.min));
    const max = Math.max(...buckets.map((b) => b.max));
    plot.setAttribute('role', 'img');
    plot.setAttribute('aria-label', t('chart.summary', {
      count: buckets.length, bucket: zoom.bucket, min: formatValue(min), max: formatValue(max),
    }));
    const chart = new uPlot({
      width: Math.max(300, plot.clientWidth || 600), height: 220,
      scales: { x: { time: true, range: [from.getTime() / 1000, to.getTime() / 1000] } },
      series: [
        {},
        { label: t('chart.mean'), stroke: '#0550ae', width: 2, points: { show: buckets.length < 60 } },
        { label: t('chart.min'), stroke: '#4d5761', dash: [4, 4] },
        { label: t('chart.max'), stroke: '#bc4c00', dash: [4, 4] },
      ],
    }, [xs, buckets.map((b) => b.mean), buckets.map((b) => b.min), buckets.map((b) => b.max)], plot);
    charts.push(chart);
  } catch (e) {
    plot.textContent = t('chart.failed', { detail: e.message });
  }
}
