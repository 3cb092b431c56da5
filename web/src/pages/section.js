// A section on a draft: its headings in both languages; a new section (at the end of
// the document or of another section); deleting an empty one.
import { api, seg, ApiError } from '../api.js';
import { h, fill } from '../dom.js';
import { t, pick, langName } from '../i18n.js';
import { go, notify, problemView, query, link } from '../app.js';
import { allSections, openOnDraft } from '../model.js';
import { docLangs } from '../recview.js';


export async function sectionPage(docId, secId) {
  const draft = query().get('draft');
  const { doc, etag, exists, ensureDraft } = await openOnDraft(docId, draft);
  const sections = allSections(doc.sections);
  const section = secId ? sections.find((s) => s.id === secId) : null;
  if (secId && !section) throw new ApiError(404, { title: t('notFound'), detail: secId });
  const error = h('div', { class: 'form-error' });
  const idInput = section ? null : h('input', { id: 'sec-id', required: true, autocomplete: 'off' });
  const parent = section ? null : h('select', { id: 'sec-parent' }, h('option', { value: '' }, t('section.top')),
    sections.map((s) => h('option', { value: s.id, selected: s.id === query().get('parent') }, (s.number ? s.number + '. ' : '') + pick(s.headings).text)));
  const headings = {};
  const langs = docLangs(doc);
  const fields = langs.map((l) => {
    const name = langName(l);
    headings[l] = h('input', { id: 'heading-' + l, lang: l, value: section?.headings.find((x) => x.lang === l)?.text || '' });
    return [h('label', { for: 'heading-' + l }, t('section.heading', { lang: name })), headings[l]];
  });
  const back = (message) => {
    go(link(`/documents/${seg(docId)}`, { rev: draft }));
    setTimeout(() => notify(message), 0);
  };
  const body = () => ({ id: section ? section.id : idInput.value.trim(),
    headings: langs.map((l) => ({ lang: l, text: headings[l].value.trim() })).filter((x) => x.text),
    ...(section?.intros ? { intros: section.intros } : {}) });
  const save = async (event) => {
    event.preventDefault();
    fill(error);
    try {
      await ensureDraft();
      if (section) await api('PUT', `/drafts/${seg(draft)}/documents/${seg(docId)}/sections/${seg(section.id)}`, { body: body(), ifMatch: etag });
      else {
        const siblings = parent.value ? sections.find((s) => s.id === parent.value).sections || [] : doc.sections;
        await api('POST', `/drafts/${seg(draft)}/documents/${seg(docId)}/sections`,
          { body: { ...(parent.value ? { parent: parent.value } : {}), position: siblings.length, section: body() }, ifMatch: etag });
      }
      back(t('edit.saved', { name: draft }));
    } catch (e) { fill(error, problemView(e)); }
  };
  const remove = async () => {
    if (!window.confirm(t('section.confirmDelete'))) return;
    fill(error);
    try {
      await ensureDraft();
      await api('DELETE', `/drafts/${seg(draft)}/documents/${seg(docId)}/sections/${seg(section.id)}`, { ifMatch: etag });
      back(t('section.deleted'));
    } catch (e) { fill(error, problemView(e)); }
  };
  const empty = section && !(section.recommendations || []).length && !(section.sections || []).length;
  return h('form', { class: 'edit', onsubmit: save },
    h('h1', {}, section ? t('section.editHeading', { title: pick(section.headings).text }) : t('section.newHeading')),
    h('p', { class: 'where' }, exists ? t('edit.onDraft', { name: draft }) : t('edit.newDraft', { name: draft })),
    idInput ? [h('label', { for: 'sec-id' }, t('edit.id')), h('p', { class: 'hint' }, t('edit.idHint')), idInput,
      h('label', { for: 'sec-parent' }, t('section.parent')), parent] : null,
    fields, error,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('edit.save')),
      h('a', { class: 'button', href: link(`/documents/${seg(docId)}`, { rev: exists ? draft : '' }) }, t('cancel')),
      section ? h('button', { type: 'button', class: 'danger', onclick: remove, disabled: !empty,
        title: empty ? null : t('section.notEmpty') }, t('edit.delete')) : null),
    section && !empty ? h('p', { class: 'hint' }, t('section.notEmpty')) : null);
}
