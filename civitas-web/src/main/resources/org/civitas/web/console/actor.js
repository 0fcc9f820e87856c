// Who acts on alarms and rules. Until Civitas knows its users (the governance issue), the
// operator's name is asked once, remembered in this browser, and sent as the `actor` or `author`
// of every change. It is a label, not an identity: nothing checks it.
import { t } from './i18n.js';

const STORED = 'civitas.actor';
const MAX_LENGTH = 200;

export function actor() {
  return (localStorage.getItem(STORED) || '').trim();
}

export function initActor() {
  document.getElementById('actor-change').addEventListener('click', () => askActor());
  document.getElementById('actor-cancel').addEventListener('click', () => {
    document.getElementById('actor-dialog').close('');
  });
  showActor();
}

/** The remembered name, or the one the operator gives now; null when they cancel. */
export async function ensureActor() {
  return actor() || askActor();
}

/** Asks for the name in a modal dialog (focus stays inside it; Escape cancels). */
export function askActor() {
  const dialog = document.getElementById('actor-dialog');
  const form = document.getElementById('actor-form');
  const input = document.getElementById('actor-name');
  input.value = actor();
  input.maxLength = MAX_LENGTH;
  return new Promise((resolve) => {
    const submitted = (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (!name) {
        input.setCustomValidity(t('actor.required'));
        input.reportValidity();
        return;
      }
      localStorage.setItem(STORED, name);
      showActor();
      dialog.close('saved');
    };
    const closed = () => {
      form.removeEventListener('submit', submitted);
      input.setCustomValidity('');
      resolve(dialog.returnValue === 'saved' ? actor() : null);
    };
    input.addEventListener('input', () => input.setCustomValidity(''), { once: true });
    form.addEventListener('submit', submitted);
    dialog.addEventListener('close', closed, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
  });
}

export function showActor() {
  const name = actor();
  document.getElementById('actor-show').textContent = name ? t('actor.current', { name }) : t('actor.unknown');
}
