// Writing a recommendation on a draft: its title, text and rationale in both
// languages (rich text with emphasis and footnotes), status, priority,
// endorsements, addressees and references; moving and deleting it. The draft is
// made from main on the first save. A clash with another person's edit of the same
// words shows both versions to choose from; nothing is lost either way.
import { api, seg, ApiError } from '../api.js';
import { h, fill } from '../dom.js';
import { t, pick, langName } from '../i18n.js';
import { orgName, addresseeName, state, go, notify, problemView, query, link } from '../app.js';
import { allSections, findRec, openOnDraft } from '../model.js';
import { richText } from '../editor.js';
import { recView, docLangs } from '../recview.js';

const refKinds = ['gcm-objective', 'sdg', 'treaty', 'nap-chapter', 'upr-recommendation', 'concluding-observation', 'law', 'other'];

const select = (id, options, value) => h('select', { id }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));

export async function editPage(docId, recId) {
  const draft = query().get('draft');
  const { doc, etag, exists, ws, ensureDraft } = await openOnDraft(docId, draft);
  let base = etag;
  const langs = docLangs(doc);
  const sections = allSections(doc.sections);
  const found = recId ? findRec(doc.sections, recId) : null;
  if (recId && !found) throw new ApiError(404, { title: t('notFound'), detail: recId });
  const rec = found ? found.rec : { id: '', status: 'draft', titles: [], texts: [], rationales: [], addressees: [], refs: [], endorsements: [], responses: [] };
  const error = h('div', { class: 'form-error' });

  const idInput = recId ? null : h('input', { id: 'rec-id', required: true, pattern: '[A-Za-z0-9._\\-]+', autocomplete: 'off' });
  const sectionSelect = select('rec-section', sections.map((s) => [s.id, (s.number ? s.number + '. ' : '') + pick(s.headings).text]),
    found ? found.section.id : (query().get('section') || sections[0]?.id));
  const fields = {};
  const langColumn = (l) => {
    const name = langName(l);
    const title = h('input', { id: `title-${l}`, lang: l, value: pick(rec.titles, l).lang === l ? pick(rec.titles, l).text : '' });
    const text = richText({ id: `text-${l}`, label: t('edit.text', { lang: name }), lang: l,
      paragraphs: rec.texts.find((x) => x.lang === l)?.paragraphs });
    const rationale = richText({ id: `rationale-${l}`, label: t('edit.rationale', { lang: name }), lang: l,
      paragraphs: rec.rationales.find((x) => x.lang === l)?.paragraphs });
    fields[l] = { title, text, rationale };
    return h('fieldset', { class: 'lang-col', lang: l }, h('legend', {}, name),
      h('label', { for: `title-${l}` }, t('edit.title', { lang: name })), title, text.element, rationale.element);
  };
  const status = select('rec-status', ['draft', 'agreed', 'withdrawn'].map((v) => [v, t('status.' + v)]), rec.status || 'draft');
  const priority = select('rec-priority', [['', t('priority.none')], ...['high', 'medium', 'low'].map((v) => [v, t('priority.' + v)])], rec.priority || '');
  const endorsements = h('fieldset', { class: 'endorse' }, h('legend', {}, t('edit.endorsements')),
    ws.organisations.map((o) => h('label', { class: 'choice' },
      h('input', { type: 'checkbox', name: 'endorse', value: o.id, checked: rec.endorsements.includes(o.id) }), orgName(o.id))));
  const addressees = h('input', { id: 'rec-addressees', value: rec.addressees.join(', ') });
  // The workspace's recipients: an id written here prints as the body's name in each language.
  const recipients = state.workspace?.recipients || [];
  const recipientList = recipients.length ? h('p', { class: 'hint' }, t('edit.recipients'), ' ',
    recipients.map((r, i) => [i ? ', ' : '', h('code', {}, r.id), ' ', addresseeName(r.id)])) : null;
  const refRows = h('div', { class: 'refs-edit' });
  const refRow = (r = { kind: '', text: '' }) => {
    const row = h('div', { class: 'ref-row' },
      h('select', { 'aria-label': t('edit.refKind') }, h('option', { value: '' }, '—'), refKinds.map((k) => h('option', { value: k, selected: r.kind === k }, t('ref.' + k)))),
      h('input', { 'aria-label': t('edit.refText'), value: r.text }),
      h('button', { type: 'button', class: 'small', onclick: () => row.remove() }, t('edit.refRemove')));
    refRows.append(row);
  };
  rec.refs.forEach(refRow);

  const collect = () => {
    const list = (kind) => langs.map((l) => ({ lang: l, paragraphs: fields[l][kind].value() })).filter((b) => b.paragraphs.length);
    const out = {
      id: recId || idInput.value.trim(),
      status: status.value,
      titles: langs.map((l) => ({ lang: l, text: fields[l].title.value.trim() })).filter((x) => x.text),
      texts: list('text'), rationales: list('rationale'),
      addressees: addressees.value.split(/[,，、]/).map((s) => s.trim()).filter(Boolean),
      refs: [...refRows.querySelectorAll('.ref-row')].map((row) => ({ kind: row.querySelector('select').value, text: row.querySelector('input').value.trim() }))
        .filter((r) => r.text).map((r) => (r.kind ? r : { text: r.text })),
      endorsements: [...endorsements.querySelectorAll('input:checked')].map((i) => i.value),
      responses: rec.responses,
    };
    if (priority.value) out.priority = priority.value;
    return out;
  };

  const recPath = (id) => `/drafts/${seg(draft)}/documents/${seg(docId)}/recommendations/${seg(id)}`;
  const done = (data, message) => {
    go(link(`/documents/${seg(docId)}/r/${seg(data.result?.id || recId || idInput.value.trim())}`, { rev: draft }));
    setTimeout(() => notify(message + (data.merged ? ' ' + t('edit.merged') : '')), 0);
  };
  const clash = h('div', { class: 'clash' });
  const save = async (event) => {
    event?.preventDefault();
    fill(error); fill(clash);
    const body = collect();
    try {
      await ensureDraft();
      const { data } = recId
        ? await api('PUT', recPath(recId), { body, ifMatch: base })
        : await api('POST', `/drafts/${seg(draft)}/documents/${seg(docId)}/recommendations`,
          { body: { section: sectionSelect.value, recommendation: body }, ifMatch: base });
      done(data, t('edit.saved', { name: draft }));
    } catch (e) {
      if (e.status === 409 && e.problem.current) showClash(e.problem, body);
      else fill(error, problemView(e));
    }
  };
  const showClash = (problem, mine) => {
    fill(clash, h('h2', {}, t('clash.title')), h('p', {}, t('clash.lead')),
      h('div', { class: 'cols cols-2' },
        h('div', {}, h('h3', {}, t('clash.theirs')), recView(problem.current, { langs })),
        h('div', {}, h('h3', {}, t('clash.yours')), recView(problem.yours || mine, { langs }))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: async () => {
          base = problem.head;
          await save();
        } }, t('clash.keepMine')),
        h('button', { type: 'button', onclick: () => {
          go(link(`/documents/${seg(docId)}/r/${seg(recId)}`, { rev: draft }));
          setTimeout(() => notify(t('clash.tookTheirs')), 0);
        } }, t('clash.takeTheirs'))));
    clash.scrollIntoView();
    clash.querySelector('button').focus();
  };
  const remove = async () => {
    if (!window.confirm(t('edit.confirmDelete'))) return;
    try {
      await ensureDraft();
      await api('DELETE', recPath(recId), { ifMatch: base });
      go(link(`/documents/${seg(docId)}`, { rev: draft }));
      setTimeout(() => notify(t('edit.deleted')), 0);
    } catch (e) { fill(error, problemView(e)); }
  };
  const move = async () => {
    try {
      await ensureDraft();
      const { data } = await api('POST', recPath(recId) + '/move', { body: { section: sectionSelect.value, position: 1e6 }, ifMatch: base });
      done(data, t('edit.moved'));
    } catch (e) { fill(error, problemView(e)); }
  };

  const heading = recId ? t('edit.heading', { title: pick(rec.titles).text || recId }) : t('edit.newHeading');
  return h('form', { class: 'edit', onsubmit: save, novalidate: true },
    h('h1', {}, heading),
    h('p', { class: 'where' }, exists ? t('edit.onDraft', { name: draft }) : t('edit.newDraft', { name: draft })),
    idInput ? [h('label', { for: 'rec-id' }, t('edit.id')), h('p', { class: 'hint', id: 'rec-id-hint' }, t('edit.idHint')), idInput] : null,
    h('label', { for: 'rec-section' }, t('edit.section')), sectionSelect,
    recId ? h('button', { type: 'button', onclick: move }, t('edit.moveTo')) : null,
    h('div', { class: 'cols cols-' + langs.length }, langs.map(langColumn)),
    h('div', { class: 'row' }, h('div', {}, h('label', { for: 'rec-status' }, t('edit.status')), status),
      h('div', {}, h('label', { for: 'rec-priority' }, t('edit.priority')), priority)),
    endorsements,
    h('label', { for: 'rec-addressees' }, t('edit.addressees')), h('p', { class: 'hint' }, t('edit.addresseesHint')), addressees, recipientList,
    h('fieldset', {}, h('legend', {}, t('rec.refs')), refRows, h('button', { type: 'button', class: 'small', onclick: () => refRow() }, t('edit.refAdd'))),
    error, clash,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('edit.save')),
      h('a', { class: 'button', href: recId ? link(`/documents/${seg(docId)}/r/${seg(recId)}`, { rev: exists ? draft : '' }) : link(`/documents/${seg(docId)}`, { rev: exists ? draft : '' }) }, t('cancel')),
      recId ? h('button', { type: 'button', class: 'danger', onclick: remove }, t('edit.delete')) : null));
}
