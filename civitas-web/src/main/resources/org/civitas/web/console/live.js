// The live feed: Server-Sent Events from /api/v1/live. Observations update the counters, the
// latest values and the map; a health event reloads the health report and recolours the map; an
// alarm event ({"event": "raised", "id": 7}) has the alarms view read its list again.
import { store, reloadHealth, unit } from './store.js';
import { t, formatTime, formatValue } from './i18n.js';

const FEED_LENGTH = 100;
const HEALTH_RELOAD_MS = 5000;
let received = 0;
const streams = new Set();
let healthTimer = null;

export function connectLive(handlers) {
  let source = subscribe(handlers);
  // A page left for another keeps no stream open: a browser allows few connections per host
  // (six over HTTP/1.1), and a stream held by a page in the back-forward cache would take one.
  window.addEventListener('pagehide', () => source.close());
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) source = subscribe(handlers);
  });
}

function subscribe({ onObservation, onHealth, onAlarm }) {
  const status = document.getElementById('live-status');
  const setStatus = (state) => {
    status.dataset.state = state;
    status.textContent = t(`live.status.${state}`);
  };
  setStatus('connecting');
  const source = new EventSource('/api/v1/live');
  source.addEventListener('open', () => {
    setStatus('open');
    // Alarm events missed while disconnected: the alarms are read again.
    onAlarm(null);
  });
  source.addEventListener('alarm', (event) => onAlarm(JSON.parse(event.data)));
  source.addEventListener('error', () => setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting'));
  source.addEventListener('observation', (event) => {
    const observation = JSON.parse(event.data);
    received++;
    streams.add(observation.datastreamId);
    store.latest.set(observation.datastreamId, observation);
    show(observation);
    onObservation(observation);
  });
  source.addEventListener('health', () => {
    // Counts changed: the report is read again, at most once per few seconds.
    if (healthTimer) return;
    healthTimer = setTimeout(async () => {
      healthTimer = null;
      try {
        await reloadHealth();
        onHealth();
      } catch (e) {
        console.warn('health report', e.message);
      }
    }, store.healthReport ? HEALTH_RELOAD_MS : 0);
  });
  return source;
}

function show(observation) {
  document.getElementById('live-received').textContent = String(received);
  document.getElementById('live-streams').textContent = String(streams.size);
  document.getElementById('live-last').textContent = formatTime(observation.phenomenonTime);
  const owner = store.streamOwner.get(observation.datastreamId);
  const item = document.createElement('li');
  item.dataset.datastream = String(observation.datastreamId);
  item.textContent = t('live.entry', {
    time: formatTime(observation.phenomenonTime),
    device: owner ? owner.device.name : t('live.datastream', { id: observation.datastreamId }),
    field: owner ? owner.field : '',
    value: formatValue(observation.result, unit(observation.datastreamId)),
  });
  const feed = document.getElementById('live-feed');
  feed.prepend(item);
  while (feed.children.length > FEED_LENGTH) feed.lastElementChild.remove();
}

export function refreshLiveTexts() {
  const status = document.getElementById('live-status');
  status.textContent = t(`live.status.${status.dataset.state}`);
}
