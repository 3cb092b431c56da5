// What every page shares: who is signed in, the workspace's organisations and
// users, navigation, and the messages shown after an action.
import { api, setCsrf, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t, lang } from './i18n.js';

export const state = { user: null, workspace: null, noticeAt: -1 };

export async function loadSession() {
  const { data } = await api('GET', '/session');
  state.user = data.signedIn ? data.user : null;
  setCsrf(data.csrf);
  state.workspace = null;
  return state.user;
}

export async function workspace() {
  if (!state.workspace) state.workspace = (await api('GET', '/workspace')).data;
  return state.workspace;
}

export function orgName(id) {
  const org = state.workspace?.organisations.find((o) => o.id === id);
  return org ? (org.names?.[lang()] || org.name) : id;
}
/// An addressee as the reader sees it: a recipient's name in their language, else the words as written.
export function addresseeName(text) {
  const recipient = state.workspace?.recipients?.find((r) => r.id === text);
  return recipient ? (recipient.names?.[lang()] || recipient.name) : text;
}
export function userName(id) {
  const user = state.workspace?.users?.find((u) => u.id === id);
  return user ? user.name : id;
}
export const hasRole = (role) => !!state.user && (state.user.roles.includes(role) || state.user.roles.includes('admin'));

/// The draft a drafter writes on: their organisation's, named after them.
export const ownDraftName = () => `${state.user.org}-${state.user.id}`;
export const mayWriteOn = (draft) => hasRole('drafter') && !!draft && draft !== 'main'
  && (state.user.roles.includes('admin') || draft === state.user.org || draft.startsWith(state.user.org + '-'));

export function go(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event('accord:navigate'));
}

/// A message in the page's live region (announced by screen readers).
export function notify(text, kind = 'ok') {
  const region = document.getElementById('status');
  if (!region) return;
  state.noticeAt = performance.now();
  fill(region, h('p', { class: 'notice ' + kind }, text));
}

/// What went wrong, in the interface's language, with the server's detail and
/// the validator's findings (file, line, message).
export function problemView(error) {
  if (!(error instanceof ApiError)) return h('div', { class: 'problem', role: 'alert' }, String(error.message || error));
  const p = error.problem || {};
  return h('div', { class: 'problem', role: 'alert' },
    h('p', {}, h('strong', {}, p.title || t('error')), p.detail ? ' — ' + p.detail : ''),
    p.errors?.length ? h('ul', {}, p.errors.map((e) => h('li', {}, `${e.file || ''}${e.line ? ':' + e.line : ''} ${e.message}`))) : null);
}

export const query = () => new URLSearchParams(location.search);
export const link = (path, params = {}) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '' && v !== null));
  return path + (q.toString() ? '?' + q : '');
};
