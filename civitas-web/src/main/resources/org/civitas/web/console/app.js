// The console's entry point: language, data, views by URL fragment (#map, #devices/<id>,
// #health, #live, #alarms/<id>, #rules/<id>, #audit), and the live feed.
import { pickLanguage, useLanguage, language, t } from './i18n.js';
import { store, loadAll } from './store.js';
import { renderMap, mapShown, recolour, touched } from './map.js';
import { initDevices, renderDevices, showCharts } from './devices.js';
import { renderHealth } from './health.js';
import { connectLive, refreshLiveTexts } from './live.js';
import { initAlarms, alarmsShown, alarmsHidden, alarmChanged, renderAlarms } from './alarms.js';
import { initRules, rulesShown, renderRules } from './rules.js';
import { initActor, showActor, ensureSignedIn } from './actor.js';
import { initAudit, auditShown } from './audit.js';

const VIEWS = ['map', 'devices', 'health', 'live', 'alarms', 'rules', 'audit'];
let problems = [];

function route(moveFocus) {
  const [name, argument] = (location.hash.slice(1) || 'map').split('/');
  const view = VIEWS.includes(name) ? name : 'map';
  for (const v of VIEWS) {
    document.getElementById(`view-${v}`).hidden = v !== view;
    const link = document.getElementById(`nav-${v}`);
    if (v === view) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  if (view === 'map') mapShown();
  if (view === 'devices' && argument) showCharts(decodeURIComponent(argument));
  if (view === 'alarms') alarmsShown(argument); else alarmsHidden();
  if (view === 'rules') rulesShown(argument && decodeURIComponent(argument));
  if (view === 'audit') auditShown();
  if (moveFocus) {
    // Keyboard and screen-reader users land on the new view's heading, not back at the top.
    // An alarm or a rule named in the fragment: its details, not the view's top.
    const detail = argument && { alarms: '#alarm-heading', rules: '#rule-versions-heading' }[view];
    const heading = document.querySelector(detail || `#view-${view} h2`);
    heading.tabIndex = -1;
    heading.focus();
  }
  document.body.dataset.view = view;
}

function renderAll() {
  renderMap();
  renderDevices();
  renderHealth();
  refreshLiveTexts();
  renderAlarms();
  renderRules();
  showActor();
  const error = document.getElementById('load-error');
  error.hidden = problems.length === 0;
  error.textContent = problems.length ? t('error.load', { detail: problems.join('; ') }) : '';
}

async function main() {
  await useLanguage(pickLanguage(), false);
  const picker = document.getElementById('language');
  picker.value = language();
  picker.addEventListener('change', async () => {
    await useLanguage(picker.value, true);
    renderAll();
  });
  initDevices();
  initActor();
  initAlarms();
  initRules();
  initAudit();
  // Everything but the page itself needs a signed-in operator: no view reads before that.
  await ensureSignedIn();
  route(false);
  try {
    problems = await loadAll();
  } catch (e) {
    problems = [e.message];
  }
  renderAll();
  route(false);
  window.addEventListener('hashchange', () => route(true));
  connectLive({
    onObservation: (observation) => touched(observation.datastreamId),
    onHealth: () => { recolour(); renderHealth(); renderDevices(); },
    onAlarm: alarmChanged,
  });
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  console.error('The console failed to start', e);
  const error = document.getElementById('load-error');
  error.hidden = false;
  error.textContent = e.message;
});
