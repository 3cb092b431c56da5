// Finishing: the profile check (words against the limit, missing translations,
// drafts still open) with links to the recommendations concerned, and the downloads.
import { api, seg } from '../api.js';
import { h } from '../dom.js';
import { t, pick, formatNumber, langName, findingText } from '../i18n.js';
import { query, link, go, hasRole, notify } from '../app.js';

const formats = [['docx', 'DOCX (Word)'], ['hwpx', 'HWPX (한글)'], ['md', 'Markdown']];

export async function checkPage(docId) {
  const rev = query().get('rev') || 'main';
  const profile = query().get('profile') || '';
  const [{ data: check }, { data: doc }] = await Promise.all([
    api('GET', `/documents/${seg(docId)}/check`, { query: { rev, profile } }),
    api('GET', '/documents/' + seg(docId), { query: { rev } })]);
  const recLink = (message) => {
    const m = /recommendation ([A-Za-z0-9._-]+)/.exec(message);
    return m ? h('a', { href: link(`/documents/${seg(docId)}/r/${seg(m[1])}`, { rev: rev === 'main' ? '' : rev }) }, m[1]) : null;
  };
  const profileInput = h('input', { id: 'profile', value: check.profile, autocomplete: 'off' });
  // A translator (a drafter) says a stale text still holds: a record, and the finding goes.
  const confirmButton = (f) => h('button', { type: 'button', class: 'small', 'data-confirm': `${f.rec}/${f.lang}`, onclick: async (e) => {
    e.target.disabled = true;
    try {
      await api('POST', `/documents/${seg(docId)}/recommendations/${seg(f.rec)}/translations/${seg(f.lang)}/ok`, { query: { rev }, body: {} });
      go(link(`/documents/${seg(docId)}/check`, { rev: rev === 'main' ? '' : rev, profile }), { replace: true });
      setTimeout(() => notify(t('check.confirmed', { lang: langName(f.lang) })), 0);
    } catch (err) { e.target.disabled = false; notify(err.message, 'error'); }
  } }, t('check.confirm', { lang: langName(f.lang) }));
  const download = (format, lang) => link(`/api/v1/documents/${seg(docId)}/export/${format}`, { rev, lang, profile });
  return h('div', { class: 'check' },
    h('h1', {}, t('check.heading', { title: pick(doc.meta.titles).text })),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go(link(`/documents/${seg(docId)}/check`, { rev: rev === 'main' ? '' : rev, profile: profileInput.value.trim() })); } },
      h('label', { for: 'profile' }, t('check.profile')), profileInput, h('button', { type: 'submit' }, t('check.run'))),
    h('p', {}, rev === 'main' ? t('doc.main') : t('doc.draft', { name: rev })),
    h('h2', {}, t('check.words')),
    h('ul', {}, Object.entries(check.words || {}).map(([l, n]) => h('li', {}, langName(l) + ': ' + formatNumber(n)))),
    check.limitBroken ? h('p', { class: 'warn', role: 'alert' }, t('check.limitBroken')) : null,
    h('h2', {}, t('check.findings', { n: check.findings.length })),
    check.findings.length ? h('ul', { class: 'findings' }, check.findings.map((f) => h('li', { class: f.hard ? 'hard' : 'soft' },
      h('span', { class: 'badge' }, f.hard ? t('check.hard') : f.fallback ? t('check.fallback') : f.stale ? t('check.stale') : t('check.soft')), ' ', findingText(f), f.line ? ` (${t('check.line', { n: f.line })})` : '', ' ', recLink(f.message),
      f.stale && f.rec && hasRole('drafter') ? [' ', confirmButton(f)] : null)))
      : h('p', { class: 'ok' }, t('check.clean')),
    h('h2', {}, t('check.download')),
    h('table', { class: 'downloads' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('check.format')), h('th', { scope: 'col' }, '한국어'), h('th', { scope: 'col' }, 'English'))),
      h('tbody', {}, formats.map(([f, label]) => h('tr', {}, h('th', { scope: 'row' }, label),
        ['ko', 'en'].map((l) => h('td', {}, h('a', { class: 'button', href: download(f, l), download: '', 'data-format': f, 'data-lang': l },
          t('check.downloadIn', { format: f.toUpperCase(), lang: l === 'ko' ? '한국어' : 'English' })))))))));
}
