// What the console knows about the city, loaded once and then kept current by the live feed.
import * as api from './api.js';

export const store = {
  config: { tileUrl: null },
  districts: { type: 'FeatureCollection', features: [] },
  devices: [],
  things: new Map(),
  health: new Map(),
  healthReport: null,
  latest: new Map(),
  streamOwner: new Map(),
};

export async function loadAll() {
  const [config, devices, things] = await Promise.all([api.config(), api.devices(), api.things()]);
  store.config = config;
  store.devices = devices.sort((a, b) => a.id.localeCompare(b.id));
  store.things = new Map(things.map((thing) => [thing['@iot.id'], thing]));
  store.streamOwner = new Map();
  for (const device of devices) {
    for (const [field, datastream] of Object.entries(device.fields || {})) {
      store.streamOwner.set(datastream, { device, field });
    }
  }
  store.latest = await api.latest([...store.streamOwner.keys()]);
  // Districts and health are asked last: the console still shows devices when one of them fails.
  const problems = [];
  try {
    store.districts = await api.districts();
  } catch (e) {
    problems.push(e.message);
  }
  try {
    await reloadHealth();
  } catch (e) {
    problems.push(e.message);
  }
  return problems;
}

export async function reloadHealth() {
  const report = await api.health();
  store.healthReport = report;
  store.health = new Map(report.value.map((entry) => [entry.deviceId, entry]));
}

export function stateOf(deviceId) {
  return store.health.get(deviceId)?.state || 'unknown';
}

export function position(device) {
  const thing = store.things.get(device.thingId);
  const location = thing?.Locations?.[0]?.location;
  const geometry = location?.type === 'Feature' ? location.geometry : location;
  if (geometry?.type !== 'Point') return null;
  const [lon, lat] = geometry.coordinates;
  return [lat, lon];
}

export function datastream(id) {
  for (const thing of store.things.values()) {
    const found = (thing.Datastreams || []).find((d) => d['@iot.id'] === id);
    if (found) return found;
  }
  return null;
}

export function unit(id) {
  return datastream(id)?.unitOfMeasurement?.symbol || '';
}
