// The interface in Korean and English: chosen from the browser, switchable,
// remembered. Every word the interface itself shows is here, in both languages.
import { messages } from './messages.js';

const stored = () => { try { return localStorage.getItem('accord.lang'); } catch { return null; } };
let current = stored() || ((navigator.languages || [navigator.language || 'en'])
  .map((l) => l.slice(0, 2)).find((l) => l === 'ko' || l === 'en') || 'en');

export const lang = () => current;
export const other = (l) => (l === 'ko' ? 'en' : 'ko');

export function setLang(l) {
  current = l === 'ko' ? 'ko' : 'en';
  try { localStorage.setItem('accord.lang', current); } catch { /* private mode: not remembered */ }
  document.documentElement.lang = current;
}
document.documentElement.lang = current;

/// t(key, {n: 3}) — the message in the interface's language, {name}s filled in.
export function t(key, vars = {}) {
  const text = messages[current][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? ''));
}

/// A check finding in the interface's language, from its kind and the values it names; the
/// server's English message for a kind this interface does not know.
export function findingText(f) {
  const known = (key) => key in messages.en && key in messages.ko;
  if (!f.kind || !known(`finding.${f.kind}`)) return f.message;
  const args = { ...(f.args || {}) };
  const name = (l) => (l && known(`lang.${l}`) ? t(`lang.${l}`) : (l || ''));
  Object.assign(args, { langName: name(args.lang), otherName: name(args.other), changedName: name(args.changed) });
  if (f.kind === 'fallback') {
    if (!known(`finding.what.${args.what}`)) return f.message;
    args.what = t(`finding.what.${args.what}`, args);
  }
  return t(`finding.${f.kind}`, args) + (args.refusedBy ? t('finding.refusedBy', args) : '');
}

export const formatDate = (seconds) => new Intl.DateTimeFormat(current === 'ko' ? 'ko-KR' : 'en-GB',
  { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(seconds * 1000));
export const formatNumber = (n) => new Intl.NumberFormat(current === 'ko' ? 'ko-KR' : 'en-GB').format(n);

/// The text of a list of {lang, text} in the interface's language, else the other (marked).
export function pick(list, want = current) {
  const item = (list || []).find((x) => x.lang === want) || (list || [])[0];
  return item ? { text: item.text ?? item, lang: item.lang } : { text: '', lang: want };
}

/// A language's own name, as a reader of it would look for it.
export const langName = (l) => (l === 'ko' ? '한국어' : l === 'en' ? 'English' : l);
