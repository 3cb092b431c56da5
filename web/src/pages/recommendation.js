import { api, seg } from '../api.js';
import { h } from '../dom.js';
import { t, pick, formatDate } from '../i18n.js';
import { workspace, hasRole, query, link } from '../app.js';
import { recView, docLangs } from '../recview.js';
import { partChange } from '../redline.js';
import { editDraft } from './document.js';
import { findRec } from '../model.js';


export async function recommendationPage(docId, recId) {
  const rev = query().get('rev') || 'main';
  const [{ data: doc }, { data: history }] = await Promise.all([
    api('GET', '/documents/' + seg(docId), { query: { rev } }),
    api('GET', `/documents/${seg(docId)}/recommendations/${seg(recId)}/history`, { query: { rev } }), workspace()]);
  const found = findRec(doc.sections, recId);
  if (!found) return h('div', {}, h('h1', {}, t('notFound')));
  const { rec, path } = found;
  const title = pick(rec.titles);
  return h('div', { class: 'recommendation' },
    h('nav', { class: 'crumbs', 'aria-label': t('nav.crumbs') },
      h('a', { href: link(`/documents/${seg(docId)}`, { rev: rev === 'main' ? '' : rev }) }, pick(doc.meta.titles).text),
      path.map((s) => [' › ', h('a', { href: link(`/documents/${seg(docId)}`, { rev: rev === 'main' ? '' : rev }) + '#sec-' + s.id },
        (s.number ? s.number + '. ' : '') + pick(s.headings).text)])),
    h('h1', { lang: title.lang }, (rec.number ? rec.number + ' ' : '') + title.text),
    h('p', { class: 'where' }, rev === 'main' ? t('doc.main') : t('doc.draft', { name: rev })),
    hasRole('drafter') ? h('p', {}, h('a', { class: 'button', href: link(`/documents/${seg(docId)}/r/${seg(recId)}/edit`, { draft: editDraft(rev) }) }, t('rec.edit'))) : null,
    recView(rec, { langs: docLangs(doc), titled: false }),
    h('section', { class: 'history', 'aria-labelledby': 'history-h' },
      h('h2', { id: 'history-h' }, t('rec.history')),
      history.length ? h('ol', { class: 'timeline' }, history.map((e) => h('li', {},
        h('p', { class: 'when' }, h('time', { datetime: new Date(e.commit.time * 1000).toISOString() }, formatDate(e.commit.time)),
          ' · ', e.commit.author, ' · ', h('span', { class: 'summary' }, e.commit.message.split('\n')[0]), ' ',
          h('code', {}, e.commit.id.slice(0, 8))),
        e.change ? partChange(e.change) : null))) : h('p', {}, t('rec.noHistory'))));
}
