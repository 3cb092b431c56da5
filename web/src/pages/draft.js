// A draft: what it changes against the coalition's text (a redline), opening a
// proposal from it, merging another draft in, and settling the conflicts a merge left.
import { api, seg } from '../api.js';
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { workspace, mayWriteOn, hasRole, go, notify, problemView, link } from '../app.js';
import { redline, addedContent, wordDiff, chunks } from '../redline.js';

export async function draftPage(name) {
  const [{ data: drafts }, { data: documents }] = await Promise.all([api('GET', '/drafts'), api('GET', '/documents', { query: { rev: name } }), workspace()]);
  const draft = drafts.find((d) => d.name === name);
  if (!draft) return h('div', {}, h('h1', {}, t('notFound')), h('p', {}, name));
  const { data: diff } = await api('GET', '/diff', { query: { from: 'main', to: name, since: 1 } });
  const added = await addedContent(diff, name);
  const error = h('div', { class: 'form-error' });
  const writable = mayWriteOn(name);

  const title = h('input', { id: 'proposal-title', required: true });
  const description = h('textarea', { id: 'proposal-description', rows: 3 });
  const propose = async (event) => {
    event.preventDefault();
    fill(error);
    try {
      const { data } = await api('POST', '/proposals', { body: { title: title.value.trim(), from: name, into: 'main', description: description.value.trim() } });
      go('/proposals/' + seg(data.id));
      setTimeout(() => notify(t('proposal.opened')), 0);
    } catch (e) { fill(error, problemView(e)); }
  };
  const from = h('select', { id: 'merge-from' }, drafts.filter((d) => d.name !== name).map((d) => h('option', { value: d.name }, d.name === 'main' ? t('doc.main') : d.name)));
  const merge = async (event) => {
    event.preventDefault();
    fill(error);
    try {
      const { data } = await api('POST', `/drafts/${seg(name)}/merge`, { body: { from: from.value }, ifMatch: draft.head });
      if (data.conflicts > 0) {
        go(`/drafts/${seg(name)}/conflicts/${seg(documents[0].id)}`);
        setTimeout(() => notify(t('merge.conflicts', { n: data.conflicts }), 'warn'), 0);
      } else {
        await go(`/drafts/${seg(name)}`, { replace: true });
        setTimeout(() => notify(data.upToDate ? t('merge.upToDate') : t('merge.done')), 0);
      }
    } catch (e) { fill(error, problemView(e)); }
  };
  return h('div', { class: 'draft' },
    h('h1', {}, t('doc.draft', { name })),
    h('p', {}, documents.map((d) => h('a', { class: 'button', href: link(`/documents/${seg(d.id)}`, { rev: name }) }, t('draft.read'))), ' ',
      documents.map((d) => h('a', { class: 'button', href: `/drafts/${seg(name)}/conflicts/${seg(d.id)}` }, t('draft.conflicts')))),
    h('section', { 'aria-labelledby': 'changes-h' }, h('h2', { id: 'changes-h' }, t('draft.changes')), redline(diff, { added })),
    error,
    hasRole('drafter') && name !== 'main' ? h('form', { class: 'box', onsubmit: propose, 'aria-labelledby': 'propose-h' },
      h('h2', { id: 'propose-h' }, t('proposal.open')),
      h('label', { for: 'proposal-title' }, t('proposal.title')), title,
      h('label', { for: 'proposal-description' }, t('proposal.description')), description,
      h('button', { type: 'submit', class: 'primary' }, t('proposal.openButton'))) : null,
    writable ? h('form', { class: 'box', onsubmit: merge, 'aria-labelledby': 'merge-h' },
      h('h2', { id: 'merge-h' }, t('merge.title')),
      h('label', { for: 'merge-from' }, t('merge.from')), from,
      h('button', { type: 'submit' }, t('merge.button'))) : null);
}

export async function conflictsPage(name, docId) {
  const { data: conflicts, etag } = await api('GET', `/drafts/${seg(name)}/documents/${seg(docId)}/conflicts`);
  const writable = mayWriteOn(name);
  const error = h('div', { class: 'form-error' });
  const settle = async (id, body) => {
    fill(error);
    try {
      const { data } = await api('POST', `/drafts/${seg(name)}/documents/${seg(docId)}/conflicts/${seg(id)}`, { body, ifMatch: etag });
      go(data.left ? `/drafts/${seg(name)}/conflicts/${seg(docId)}` : `/drafts/${seg(name)}`, { replace: true });
      setTimeout(() => notify(data.left ? t('conflict.left', { n: data.left }) : t('conflict.allDone')), 0);
    } catch (e) { fill(error, problemView(e)); }
  };
  // Each side's words marked against the text before both changes.
  const side = (label, text, cls, base) => h('div', { class: 'side ' + cls }, h('h3', {}, label),
    h('p', {}, text ? (base === undefined ? text : chunks(wordDiff(base, text))) : h('em', {}, t('conflict.nothing'))));
  return h('div', { class: 'conflicts' },
    h('h1', {}, t('conflict.heading', { name })),
    error,
    conflicts.length ? conflicts.map((c) => {
      const own = h('textarea', { id: 'own-' + c.id, rows: 3, value: c.ours });
      return h('section', { class: 'conflict', 'aria-labelledby': 'c-' + c.id },
        h('h2', { id: 'c-' + c.id }, c.where),
        h('div', { class: 'cols cols-3' },
          side(t('conflict.base'), c.base, 'base'), side(t('conflict.ours', { label: c.oursLabel }), c.ours, 'ours', c.base),
          side(t('conflict.theirs', { label: c.theirsLabel }), c.theirs, 'theirs', c.base)),
        writable ? h('div', { class: 'actions' },
          h('button', { type: 'button', onclick: () => settle(c.id, { take: 'ours' }) }, t('conflict.takeOurs')),
          h('button', { type: 'button', onclick: () => settle(c.id, { take: 'theirs' }) }, t('conflict.takeTheirs')),
          h('button', { type: 'button', onclick: () => settle(c.id, { take: 'both' }) }, t('conflict.takeBoth'))) : null,
        writable && c.editable ? h('div', { class: 'own' }, h('label', { for: 'own-' + c.id }, t('conflict.own')), own,
          h('button', { type: 'button', onclick: () => settle(c.id, { text: own.value }) }, t('conflict.useOwn'))) : null);
    }) : h('p', {}, t('conflict.none')));
}
