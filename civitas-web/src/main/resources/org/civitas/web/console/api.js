// Reads the public HTTP API (docs/API.md); nothing here knows more than a client would.
async function json(url) {
  const answer = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!answer.ok) throw new Error(`${url.split('?')[0]}: HTTP ${answer.status}`);
  return answer.json();
}

const MAX_PAGES = 100;

export async function devices() {
  const all = [];
  let url = '/api/v1/devices?top=1000';
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const answer = await json(url);
    all.push(...answer.value);
    url = answer.nextLink;
  }
  return all;
}

export async function things() {
  const all = [];
  let url = '/v1.1/Things?$top=1000&$select=id,name'
    + '&$expand=Locations($select=location),Datastreams($select=id,name,unitOfMeasurement)';
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const answer = await json(url);
    all.push(...answer.value);
    url = answer['@iot.nextLink'];
  }
  return all;
}

export const config = () => json('config.json');
export const districts = () => json('/api/v1/districts');
export const health = () => json('/api/v1/devices/health');

export async function latest(ids) {
  const found = new Map();
  for (let i = 0; i < ids.length; i += 500) {
    const answer = await json(`/api/v1/latest?datastreams=${ids.slice(i, i + 500).join(',')}`);
    for (const entry of answer.value) {
      found.set(entry.datastream, { phenomenonTime: entry.observation.phenomenonTime, result: entry.observation.result });
    }
  }
  return found;
}

export function aggregate(id, from, to, bucket) {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), bucket });
  return json(`/api/v1/datastreams/${id}/aggregate?${query}`);
}

/**
 * A refusal of the API: its problem+json `detail` and the `field` (JSON path) it names, so the
 * console can say what was wrong and where.
 */
export class ApiError extends Error {
  constructor(status, detail, field) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.field = field || null;
  }
}

async function send(method, url, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const answer = await fetch(url, init);
  if (!answer.ok) {
    let problem = {};
    try {
      problem = await answer.json();
    } catch (e) {
      // Not problem+json (a proxy's page): the status alone is said.
    }
    throw new ApiError(answer.status, problem.detail || problem.title || `HTTP ${answer.status}`, problem.field);
  }
  return answer.status === 204 ? null : answer.json();
}

export function alarms(filters) {
  const query = new URLSearchParams({ top: '200' });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  return send('GET', `/api/v1/alarms?${query}`);
}

export const alarm = (id) => send('GET', `/api/v1/alarms/${id}`);
export const acknowledge = (id, actor) => send('POST', `/api/v1/alarms/${id}/acknowledge`, { actor });
export const clearAlarm = (id, actor) => send('POST', `/api/v1/alarms/${id}/clear`, { actor });
export const assign = (id, assignee) => send('PUT', `/api/v1/alarms/${id}/assignee`, { assignee });
export const comment = (id, author, text) => send('POST', `/api/v1/alarms/${id}/comments`, { author, text });

export const rules = () => send('GET', '/api/v1/rules');
export const rule = (id) => send('GET', `/api/v1/rules/${encodeURIComponent(id)}`);
export const ruleVersions = (id) => send('GET', `/api/v1/rules/${encodeURIComponent(id)}/versions`);
export const createRule = (text) => send('POST', '/api/v1/rules', text);
export const updateRule = (id, text) => send('PUT', `/api/v1/rules/${encodeURIComponent(id)}`, text);

// The audit log, for the data protection officer (401/403 for anyone else).
export function auditEntries(filters) {
  const query = new URLSearchParams({ top: '100' });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  return send('GET', `/api/v1/governance/audit?${query}`);
}

export const auditPage = (nextLink) => send('GET', nextLink);
export const verifyAudit = () => send('GET', '/api/v1/governance/audit/verify');
