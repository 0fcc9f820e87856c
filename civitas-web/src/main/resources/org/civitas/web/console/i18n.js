// Every visible text comes from a message bundle (messages.<language>.json); elements name their
// text with data-i18n="key" (and data-i18n-aria-label), scripts call t(key, {param}).
export const LANGUAGES = ['en', 'de'];
const STORED = 'civitas.language';
let messages = {};
let current = 'en';

export function pickLanguage() {
  const stored = localStorage.getItem(STORED);
  if (LANGUAGES.includes(stored)) return stored;
  for (const wanted of navigator.languages || [navigator.language || 'en']) {
    const base = wanted.slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

export async function useLanguage(language, remember) {
  const answer = await fetch(`messages.${language}.json`);
  if (!answer.ok) throw new Error(`messages.${language}.json: HTTP ${answer.status}`);
  messages = await answer.json();
  current = language;
  if (remember) localStorage.setItem(STORED, language);
  document.documentElement.lang = language;
  translate(document);
}

export function language() {
  return current;
}

export function t(key, params = {}) {
  const text = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  root.querySelectorAll('[data-i18n-aria-label]').forEach((e) => {
    e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
  });
  document.title = t('title');
}

export function formatTime(iso) {
  if (!iso) return t('none');
  const start = String(iso).split('/')[0];
  return new Intl.DateTimeFormat(current, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(start));
}

export function formatValue(value, unit) {
  if (value === null || value === undefined) return t('none');
  const text = typeof value === 'number'
    ? new Intl.NumberFormat(current, { maximumFractionDigits: 2 }).format(value)
    : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return unit ? `${text} ${unit}` : text;
}

export function stateName(state) {
  return t(`state.${state || 'unknown'}`);
}
