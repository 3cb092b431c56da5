// The start page: the workspace's submissions, its drafts and open proposals.
import { api, seg } from '../api.js';
import { h } from '../dom.js';
import { t, pick } from '../i18n.js';
import { state, workspace, userName, hasRole, ownDraftName, link } from '../app.js';

export async function homePage() {
  const [{ data: documents }, { data: drafts }, { data: proposals }] = await Promise.all([
    api('GET', '/documents'), api('GET', '/drafts'), api('GET', '/proposals', { query: { state: 'open' } }), workspace()]);
  const own = hasRole('drafter') ? ownDraftName() : null;
  return h('div', { class: 'home' },
    h('h1', {}, t('home.heading')),
    h('p', { class: 'lead' }, t('home.lead', { name: state.user.name })),
    h('section', { 'aria-labelledby': 'docs-h' }, h('h2', { id: 'docs-h' }, t('home.documents')),
      h('ul', { class: 'list docs' }, documents.map((d) => {
        const title = pick(d.titles);
        return h('li', {}, h('a', { href: '/documents/' + seg(d.id), lang: title.lang }, title.text), ' ', h('code', {}, d.id));
      }))),
    h('section', { 'aria-labelledby': 'drafts-h' }, h('h2', { id: 'drafts-h' }, t('home.drafts')),
      own && !drafts.some((d) => d.name === own) ? h('p', { class: 'hint' }, t('home.ownDraftHint', { name: own })) : null,
      h('ul', { class: 'list' }, drafts.filter((d) => d.name !== 'main').map((d) => h('li', {},
        h('a', { href: '/drafts/' + seg(d.name) }, d.name), d.name === own ? ' ' + t('home.yours') : '',
        d.owner ? h('span', { class: 'meta' }, ' · ' + d.owner) : null)))),
    h('section', { 'aria-labelledby': 'props-h' }, h('h2', { id: 'props-h' }, t('home.proposals')),
      proposals.length ? h('ul', { class: 'list' }, proposals.map((p) => h('li', {},
        h('a', { href: '/proposals/' + seg(p.id.slice(0, 12)) }, p.label + ' ' + p.title), h('span', { class: 'meta' }, ' · ' + userName(p.author)))))
        : h('p', {}, t('proposal.none')),
      h('p', {}, h('a', { href: link('/proposals', { state: 'all' }) }, t('proposal.filter.all')))));
}
