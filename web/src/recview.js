// A recommendation as a reader sees it: number, title, status, the text in one
// language or both side by side, footnotes, rationale, addressees, references,
// endorsing organisations and the government's responses.
import { h } from './dom.js';
import { t, pick } from './i18n.js';
import { orgName, addresseeName } from './app.js';
import { renderBlock, renderNotes, renderInlines } from './inline.js';

const view = () => { try { return localStorage.getItem('accord.view') || 'both'; } catch { return 'both'; } };
export const viewLangs = (docLangs) => {
  const v = view();
  return v === 'both' ? docLangs : [v];
};
export function viewSwitch(onChange) {
  const current = view();
  const choice = (value, label) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'view', value, checked: current === value,
      onchange: () => { try { localStorage.setItem('accord.view', value); } catch { /* not remembered */ } onChange(); } }),
    label);
  return h('fieldset', { class: 'view-switch' }, h('legend', {}, t('view.legend')),
    choice('both', t('view.both')), choice('ko', '한국어'), choice('en', 'English'));
}

const byLang = (list, lang) => (list || []).find((x) => x.lang === lang);

/// The languages a document is written in: Korean first, then English, then any other.
export function docLangs(doc) {
  const langs = new Set(['ko', 'en']);
  const visit = (s) => { for (const r of s.recommendations || []) for (const x of [...r.titles, ...r.texts]) langs.add(x.lang); (s.sections || []).forEach(visit); };
  (doc.sections || []).forEach(visit);
  return [...langs];
}

export function recView(rec, { number, langs, href, actions, titled = true }) {
  const noteId = (l) => (n) => `note-${rec.id}-${l}-${n}`;
  const title = pick(rec.titles);
  const column = (l) => {
    const notes = [];
    const text = byLang(rec.texts, l);
    const rationale = byLang(rec.rationales, l);
    const heading = byLang(rec.titles, l);
    return h('div', { class: 'lang-col', lang: l },
      langs.length > 1 && heading ? h('p', { class: 'col-title' }, heading.text) : null,
      text ? renderBlock(text, notes, noteId(l)) : h('p', { class: 'missing' }, t('rec.untranslated')),
      rationale ? h('details', { class: 'rationale' }, h('summary', {}, t('rec.rationale')),
        renderBlock(rationale, notes, noteId(l))) : null,
      renderNotes(notes, noteId(l)));
  };
  const meta = [];
  if (rec.endorsements?.length) meta.push(h('div', { class: 'endorsements' }, h('span', { class: 'k' }, t('rec.endorsedBy')),
    h('ul', { class: 'orgs' }, rec.endorsements.map((o) => h('li', {}, orgName(o))))));
  if (rec.addressees?.length) meta.push(h('div', {}, h('span', { class: 'k' }, t('rec.addressees')), rec.addressees.map(addresseeName).join(', ')));
  if (rec.refs?.length) meta.push(h('div', {}, h('span', { class: 'k' }, t('rec.refs')),
    h('ul', { class: 'refs' }, rec.refs.map((r) => h('li', {}, r.kind ? h('span', { class: 'tag' }, t('ref.' + r.kind)) : null, ' ', r.text)))));
  for (const response of rec.responses || []) {
    const notes = [];
    meta.push(h('div', { class: 'response' }, h('span', { class: 'k' }, t('rec.response', { round: response.round, from: addresseeName(response.from) })),
      response.position ? h('span', { class: 'tag' }, t('position.' + response.position)) : null,
      response.paragraphs.map((p) => h('p', {}, renderInlines(p, notes, noteId('r'))))));
  }
  return h('article', { class: 'rec', id: 'rec-' + rec.id, 'aria-labelledby': titled ? 'rec-' + rec.id + '-title' : null },
    h('header', {},
      titled ? h('h3', { id: 'rec-' + rec.id + '-title' },
        number ? h('span', { class: 'num' }, number + ' ') : null,
        href ? h('a', { href, lang: title.lang }, title.text || rec.id) : h('span', { lang: title.lang }, title.text || rec.id)) : null,
      h('span', { class: 'badges' },
        rec.status ? h('span', { class: 'badge status-' + rec.status }, t('status.' + rec.status)) : null,
        rec.priority ? h('span', { class: 'badge' }, t('priority.' + rec.priority)) : null),
      actions || null),
    h('div', { class: 'cols cols-' + langs.length }, langs.map(column)),
    meta.length ? h('div', { class: 'rec-meta' }, meta) : null);
}
