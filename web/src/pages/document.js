import { api, seg } from '../api.js';
import { h, fill } from '../dom.js';
import { t, pick } from '../i18n.js';
import { workspace, hasRole, mayWriteOn, ownDraftName, query, link, go } from '../app.js';
import { recView, viewLangs, viewSwitch, docLangs } from '../recview.js';
import { plainText, blockText } from '../inline.js';
import { allSections } from '../model.js';

/// The draft an edit of this page goes to: the draft shown when the person may write on it, else their own.
export const editDraft = (rev) => (mayWriteOn(rev) ? rev : ownDraftName());

export function revisionPicker(drafts, rev, onPick) {
  return h('label', { class: 'rev' }, t('doc.version') + ' ',
    h('select', { onchange: (e) => onPick(e.target.value) },
      drafts.map((d) => h('option', { value: d.name, selected: d.name === rev },
        d.name === 'main' ? t('doc.main') : t('doc.draft', { name: d.name })))));
}

const recText = (r) => [...r.titles.map((x) => x.text), ...r.texts.map(blockText), ...r.rationales.map(blockText)]
  .join('\n').normalize('NFC').toLowerCase();

export async function documentPage(id) {
  const rev = query().get('rev') || 'main';
  const [{ data: doc }, { data: drafts }] = await Promise.all([
    api('GET', '/documents/' + seg(id), { query: { rev } }), api('GET', '/drafts'), workspace()]);
  const langs = docLangs(doc);
  const drafter = hasRole('drafter');
  const body = h('div', { class: 'doc-body' });
  const searchBox = h('input', { type: 'search', id: 'search', placeholder: t('doc.searchHint') });
  const count = h('p', { class: 'count', role: 'status' });

  const section = (s, depth) => h('section', { class: 'sec', id: 'sec-' + s.id, 'aria-labelledby': 'sec-' + s.id + '-h' },
    h(depth === 0 ? 'h2' : 'h3', { id: 'sec-' + s.id + '-h' }, h('span', { class: 'num' }, s.number ? s.number + '. ' : ''),
      viewLangs(langs).map((l) => pick(s.headings, l)).filter((x, i, all) => all.findIndex((y) => y.text === x.text) === i)
        .map((x, i) => h('span', { lang: x.lang, class: i ? 'alt' : '' }, (i ? ' · ' : '') + x.text))),
    drafter ? h('p', { class: 'sec-tools' }, h('a', { class: 'button small', href: link(`/documents/${seg(id)}/s/${seg(s.id)}/edit`, { draft: editDraft(rev) }),
      'aria-label': t('doc.editSection') + ': ' + pick(s.headings).text }, t('doc.editSection'))) : null,
    // The intro in each shown language, else the one there is (an intro without xml:lang is the document's).
    viewLangs(langs).map((l) => (s.intros || []).find((b) => b.lang === l) || (s.intros || [])[0]).filter((b, i, all) => b && all.indexOf(b) === i)
      .map((b) => b.paragraphs.map((p) => h('p', { class: 'intro', lang: b.lang || null }, plainText(p)))),
    (s.recommendations || []).map((r) => recView(r, {
      number: r.number, langs: viewLangs(langs),
      href: link(`/documents/${seg(id)}/r/${seg(r.id)}`, { rev: rev === 'main' ? '' : rev }),
      actions: drafter ? h('a', { class: 'button small', href: link(`/documents/${seg(id)}/r/${seg(r.id)}/edit`, { draft: editDraft(rev) }),
        'aria-label': t('rec.editNamed', { title: pick(r.titles).text }) }, t('rec.edit')) : null,
    })),
    drafter ? h('p', {}, h('a', { class: 'button small', href: link(`/documents/${seg(id)}/new`, { draft: editDraft(rev), section: s.id }) },
      t('doc.addRec'))) : null,
    (s.sections || []).map((c) => section(c, depth + 1)));

  const draw = () => {
    fill(body, (doc.sections || []).map((s) => section(s, 0)),
      drafter ? h('p', {}, h('a', { class: 'button', href: link(`/documents/${seg(id)}/sections/new`, { draft: editDraft(rev) }) }, t('doc.addSection'))) : null);
    filter();
  };
  // The searchable words of each recommendation, made once.
  const texts = new Map(allSections(doc.sections).flatMap((s) => (s.recommendations || []).map((r) => ['rec-' + r.id, recText(r)])));
  const filter = () => {
    const words = searchBox.value.normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const card of body.querySelectorAll('article.rec')) {
      const hit = words.every((w) => texts.get(card.id).includes(w));
      card.toggleAttribute('hidden', !hit);
      if (hit) shown++;
    }
    fill(count, words.length ? t('doc.found', { n: shown }) : '');
  };
  searchBox.addEventListener('input', filter);

  const toc = h('nav', { class: 'toc', 'aria-label': t('doc.toc') }, h('h2', {}, t('doc.toc')),
    h('ol', {}, (doc.sections || []).map(function item(s) {
      return h('li', {}, h('a', { href: '#sec-' + s.id }, (s.number ? s.number + '. ' : '') + pick(s.headings).text),
        s.sections?.length ? h('ol', {}, s.sections.map(item)) : null);
    })));
  draw();
  const title = pick(doc.meta.titles);
  return h('div', { class: 'document' },
    h('div', { class: 'doc-head' },
      h('h1', { lang: title.lang }, title.text),
      h('div', { class: 'doc-tools' },
        revisionPicker(drafts, rev, (r) => go(link(`/documents/${seg(id)}`, { rev: r === 'main' ? '' : r }))),
        viewSwitch(draw),
        h('label', { for: 'search', class: 'search' }, t('doc.search')), searchBox, count,
        h('a', { class: 'button', href: link(`/documents/${seg(id)}/check`, { rev: rev === 'main' ? '' : rev }) }, t('doc.checkExport')),
        rev !== 'main' ? h('a', { class: 'button', href: `/drafts/${seg(rev)}` }, t('doc.compare')) : null)),
    h('div', { class: 'doc-layout' }, toc, body));
}
