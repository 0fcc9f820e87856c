// Who acts on alarms, rules and everything else: the signed-in operator. The console signs in at
// POST /api/v1/auth/sign-in, which sets an HttpOnly, SameSite=Strict session cookie; every later
// request of this page (fetch and the live feed's EventSource) carries it, so no token is ever
// held by script. Actions are recorded under the account's name by the server itself.
import { t } from './i18n.js';

let me = null;

/** The signed-in account's name, or '' before sign-in. */
export function actor() {
  return me && me.kind !== 'anonymous' ? me.id : '';
}

/** The signed-in principal as /api/v1/auth/me describes it, or null before sign-in. */
export function principal() {
  return me;
}

export function initActor() {
  document.getElementById('actor-change').addEventListener('click', async () => {
    await fetch('/api/v1/auth/sign-out', { method: 'POST', headers: { Accept: 'application/json' } });
    me = null;
    location.reload();
  });
  showActor();
}

async function whoAmI() {
  const answer = await fetch('/api/v1/auth/me', { headers: { Accept: 'application/json' } });
  if (!answer.ok) return { kind: 'anonymous' };
  return answer.json();
}

/** Resolves once an operator is signed in: at once with a live session, else after the dialog. */
export async function ensureSignedIn() {
  me = await whoAmI();
  while (me.kind === 'anonymous') {
    await askSignIn();
    me = await whoAmI();
  }
  showActor();
  return me;
}

/** The signed-in name; every change is made by a signed-in operator. */
export async function ensureActor() {
  if (!actor()) await ensureSignedIn();
  return actor();
}

/** Asks for name and password in a modal dialog until the server accepts them. */
function askSignIn() {
  const dialog = document.getElementById('actor-dialog');
  const form = document.getElementById('actor-form');
  const name = document.getElementById('actor-name');
  const password = document.getElementById('actor-password');
  const error = document.getElementById('actor-error');
  return new Promise((resolve) => {
    const submitted = async (event) => {
      event.preventDefault();
      error.hidden = true;
      const answer = await fetch('/api/v1/auth/sign-in', {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: name.value.trim(), password: password.value }),
      });
      password.value = '';
      if (answer.ok) {
        form.removeEventListener('submit', submitted);
        dialog.close('signed-in');
        resolve();
        return;
      }
      let problem = {};
      try { problem = await answer.json(); } catch (e) { /* not problem+json */ }
      error.textContent = t('actor.refused', { detail: problem.detail || `HTTP ${answer.status}` });
      error.hidden = false;
      password.focus();
    };
    form.addEventListener('submit', submitted);
    // The console is of no use signed out: Escape does not dismiss the dialog.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    dialog.showModal();
    name.focus();
  });
}

export function showActor() {
  const name = actor();
  const roles = me && me.roles ? me.roles.join(', ') : '';
  document.getElementById('actor-show').textContent = name
    ? t('actor.current', { name, roles })
    : t('actor.unknown');
  document.getElementById('actor-change').hidden = !name;
}
