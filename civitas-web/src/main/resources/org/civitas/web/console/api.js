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
