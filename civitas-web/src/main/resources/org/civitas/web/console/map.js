// The city map: districts from GeoJSON as a vector layer (no tile server needed) and devices at
// their Thing's Location, coloured by health state. The same devices are a keyboard-reachable list.
import { store, stateOf, position, unit } from './store.js';
import { t, formatTime, formatValue, stateName } from './i18n.js';

export const STATES = ['ok', 'stuck', 'out-of-range', 'drifting', 'silent', 'never-seen', 'unknown'];
const COLOURS = {
  ok: '#1a7f37', stuck: '#8250df', 'out-of-range': '#bc4c00', drifting: '#7d5800',
  silent: '#cf222e', 'never-seen': '#4d5761', unknown: '#4d5761',
};

let map = null;
let districtLayer = null;
const markers = new Map();
let selected = null;
let needsFit = false;

export function renderMap() {
  if (!map) {
    map = L.map('map', { attributionControl: Boolean(store.config.tileUrl) });
    // Leaflet draws layers only once the map has a view; the districts' bounds replace this one.
    map.setView([0, 0], 2);
    if (store.config.tileUrl) {
      L.tileLayer(store.config.tileUrl, { maxZoom: 19, attribution: t('map.tiles') }).addTo(map);
    }
  }
  if (districtLayer) districtLayer.remove();
  districtLayer = L.geoJSON(store.districts, {
    style: () => ({ color: '#0550ae', weight: 2, fillColor: '#0550ae', fillOpacity: 0.08, className: 'district' }),
    onEachFeature: (feature, layer) => layer.bindTooltip(feature.properties?.name || ''),
  }).addTo(map);
  districtLayer.eachLayer((layer) => layer.getElement()?.setAttribute('data-district', layer.feature.properties?.name || ''));

  markers.forEach((marker) => marker.remove());
  markers.clear();
  const list = document.getElementById('device-list');
  list.replaceChildren();
  for (const device of store.devices) {
    const at = position(device);
    const state = stateOf(device.id);
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.device = device.id;
    button.setAttribute('aria-pressed', String(device.id === selected));
    button.innerHTML = '<span class="dot" aria-hidden="true"></span><span class="name"></span>';
    button.querySelector('.dot').classList.add(`state-${state}`);
    button.querySelector('.name').textContent = `${device.name} — ${stateName(state)}`;
    button.addEventListener('click', () => selectDevice(device.id));
    item.append(button);
    list.append(item);
    if (!at) continue;
    const marker = L.circleMarker(at, {
      radius: 8, color: '#1b1f24', weight: 1.5, fillColor: COLOURS[state], fillOpacity: 0.95,
      className: 'device-marker',
    }).addTo(map);
    marker.bindTooltip(() => tooltip(device));
    marker.on('click', () => selectDevice(device.id));
    const element = marker.getElement();
    element.dataset.device = device.id;
    element.dataset.state = state;
    markers.set(device.id, marker);
  }
  needsFit = true;
  fit();
  renderLegend();
  if (selected) renderDetails(selected);
}

/** Leaflet measures its box when shown; call after the map view becomes visible. */
export function mapShown() {
  if (map) {
    map.invalidateSize();
    fit();
  }
}

/** Fits the city into view; a hidden map has no size to fit into, so it waits to be shown. */
function fit() {
  if (!needsFit || !map.getContainer().offsetWidth) return;
  needsFit = false;
  const bounds = districtLayer.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [10, 10] });
  } else if (markers.size) {
    map.fitBounds(L.featureGroup([...markers.values()]).getBounds(), { padding: [20, 20], maxZoom: 15 });
  }
}

function tooltip(device) {
  const values = Object.entries(device.fields || {}).map(([field, id]) => {
    const latest = store.latest.get(id);
    return `${field}: ${formatValue(latest?.result, unit(id))}`;
  });
  // Built as elements, never as HTML: names come from the API.
  const box = document.createElement('div');
  for (const line of [device.name, stateName(stateOf(device.id)), ...values]) {
    const row = document.createElement('div');
    row.textContent = line;
    box.append(row);
  }
  return box;
}

function renderLegend() {
  const legend = document.getElementById('legend');
  legend.replaceChildren(...STATES.filter((s) => s !== 'unknown').map((state) => {
    const entry = document.createElement('span');
    entry.innerHTML = `<span class="dot state-${state}" aria-hidden="true"></span>`;
    entry.append(stateName(state));
    return entry;
  }));
}

export function recolour() {
  for (const device of store.devices) {
    const state = stateOf(device.id);
    const marker = markers.get(device.id);
    if (marker) {
      marker.setStyle({ fillColor: COLOURS[state] });
      marker.getElement().dataset.state = state;
    }
    const button = document.querySelector(`#device-list button[data-device="${CSS.escape(device.id)}"]`);
    if (button) {
      button.querySelector('.dot').className = `dot state-${state}`;
      button.querySelector('.name').textContent = `${device.name} — ${stateName(state)}`;
    }
  }
  if (selected) renderDetails(selected);
}

/** A new value of a Datastream arrived: its device's marker shows it for a moment. */
export function touched(datastreamId) {
  const owner = store.streamOwner.get(datastreamId);
  if (!owner) return;
  const element = markers.get(owner.device.id)?.getElement();
  if (element) {
    element.classList.add('seen-now');
    element.dataset.lastUpdate = String(Date.now());
    setTimeout(() => element.classList.remove('seen-now'), 2000);
  }
  if (selected === owner.device.id) renderDetails(selected);
}

export function selectDevice(id) {
  selected = id;
  document.querySelectorAll('#device-list button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.device === id)));
  const marker = markers.get(id);
  if (marker && map && map.getContainer().offsetWidth) map.panTo(marker.getLatLng());
  renderDetails(id);
}

function renderDetails(id) {
  const device = store.devices.find((d) => d.id === id);
  const body = document.getElementById('details-body');
  document.getElementById('details-empty').hidden = Boolean(device);
  if (!device) { body.replaceChildren(); return; }
  const health = store.health.get(id) || {};
  const state = stateOf(id);
  const rows = [
    [t('col.device'), `${device.name} (${device.id})`],
    [t('col.kind'), device.profile || t('none')],
    [t('col.district'), device.district || t('none')],
    [t('col.state'), stateName(state)],
    [t('col.since'), formatTime(health.since)],
    [t('col.lastSeen'), formatTime(health.lastSeen || device.activity?.lastSeen)],
    [t('col.battery'), formatValue(health.batteryPercent ?? device.activity?.batteryPercent, '%')],
    [t('col.signal'), health.rssiDbm == null ? t('none')
      : `${formatValue(health.rssiDbm, 'dBm')} / SNR ${formatValue(health.snrDb, 'dB')}`],
  ];
  for (const [field, datastreamId] of Object.entries(device.fields || {})) {
    const latest = store.latest.get(datastreamId);
    rows.push([field, latest ? `${formatValue(latest.result, unit(datastreamId))} (${formatTime(latest.phenomenonTime)})` : t('none')]);
  }
  const list = document.createElement('dl');
  for (const [name, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
  const link = document.createElement('a');
  link.href = `#devices/${encodeURIComponent(id)}`;
  link.textContent = t('details.charts');
  body.replaceChildren(list, link);
}
