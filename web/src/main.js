// The single-page interface: the shell (header, language, sign-out) and the router
// from addresses to pages. Every address can be shared and reloaded.
import { api } from './api.js';
import { h, fill } from './dom.js';
import { t, lang, setLang } from './i18n.js';
import { state, loadSession, go, problemView } from './app.js';
import { signInPage, invitationPage } from './pages/signin.js';
import { homePage } from './pages/home.js';
import { documentPage } from './pages/document.js';
import { recommendationPage } from './pages/recommendation.js';
import { editPage } from './pages/edit.js';
import { sectionPage } from './pages/section.js';
import { checkPage } from './pages/check.js';
import { proposalsPage, proposalPage } from './pages/proposal.js';
import { draftPage, conflictsPage } from './pages/draft.js';

const routes = [
  [/^\/signin$/, signInPage, true],
  [/^\/$/, homePage],
  [/^\/documents\/([^/]+)$/, documentPage],
  [/^\/documents\/([^/]+)\/r\/([^/]+)$/, recommendationPage],
  [/^\/documents\/([^/]+)\/r\/([^/]+)\/edit$/, (doc, rec) => editPage(doc, rec)],
  [/^\/documents\/([^/]+)\/new$/, (doc) => editPage(doc, null)],
  [/^\/documents\/([^/]+)\/check$/, checkPage],
  [/^\/documents\/([^/]+)\/s\/([^/]+)\/edit$/, (doc, sec) => sectionPage(doc, sec)],
  [/^\/documents\/([^/]+)\/sections\/new$/, (doc) => sectionPage(doc, null)],
  [/^\/proposals$/, proposalsPage],
  [/^\/proposals\/([^/]+)$/, proposalPage],
  [/^\/drafts\/([^/]+)$/, draftPage],
  [/^\/drafts\/([^/]+)\/conflicts\/([^/]+)$/, conflictsPage],
];

function header() {
  const top = document.getElementById('top');
  const switchTo = lang() === 'ko' ? 'en' : 'ko';
  fill(top,
    h('nav', { class: 'bar', 'aria-label': t('nav.main') },
      h('a', { href: '/', class: 'brand' }, 'Accord'),
      state.user ? [h('a', { href: '/' }, t('nav.documents')), h('a', { href: '/proposals' }, t('nav.proposals'))] : null,
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'link', lang: switchTo, onclick: () => { setLang(switchTo); render(); } },
        switchTo === 'ko' ? '한국어' : 'English'),
      state.user ? [
        h('span', { class: 'who' }, t('nav.signedInAs', { name: state.user.name })),
        h('button', { type: 'button', class: 'link', onclick: signOut }, t('nav.signOut')),
      ] : null));
}

async function signOut() {
  try { await api('DELETE', '/session'); } catch { /* the session is gone either way */ }
  state.user = null;
  go('/signin');
}

let rendering = 0;
export async function render() {
  const ticket = ++rendering;
  const started = performance.now();
  document.title = 'Accord';
  header();
  const main = document.getElementById('main');
  const invitation = /^#\/invitation\/([\w-]+)$/.exec(location.hash);
  if (invitation) { fill(main, h('div', { id: 'status', role: 'status' }), invitationPage(invitation[1])); return; }
  const path = decodeURIComponent(location.pathname).replace(/\/+$/, '') || '/';
  const found = routes.find(([re]) => re.test(path));
  const status = h('div', { id: 'status', role: 'status', 'aria-live': 'polite' });
  if (!found) { fill(main, status, h('h1', {}, t('notFound'))); return; }
  const [re, page, open] = found;
  if (!state.user && !open) { go('/signin?next=' + encodeURIComponent(location.pathname + location.search), { replace: true }); return; }
  try {
    const content = await page(...path.match(re).slice(1));
    if (ticket !== rendering) return;
    // A notice given since this page began loading (what the last action did) stays; older ones go.
    const pending = state.noticeAt >= started ? document.getElementById('status')?.cloneNode(true) : null;
    fill(main, pending || status, content);
  } catch (error) {
    if (ticket !== rendering) return;
    if (error.status === 401) { state.user = null; go('/signin', { replace: true }); return; }
    fill(main, status, h('h1', {}, t('error')), problemView(error));
  }
  const heading = main.querySelector('h1');
  if (heading) document.title = heading.textContent + ' — Accord';
}

// Links inside the app move without reloading; downloads and other sites go as usual.
document.addEventListener('click', (event) => {
  const a = event.target.closest('a');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || a.hasAttribute('download') || a.target) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  event.preventDefault();
  go(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', render);
window.addEventListener('accord:navigate', async () => {
  await render();
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) target.scrollIntoView(); else window.scrollTo(0, 0);
  document.getElementById('main').focus({ preventScroll: !!target });
});

loadSession().catch(() => null).then(render);
