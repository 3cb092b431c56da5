// The submission's inline text as the API gives it — strings and {"em"|"strong"|"note"|"link"} —
// shown in the page, and as plain text for search and counting.
import { h } from './dom.js';
import { t } from './i18n.js';

export const safeHref = (href) => (/^https?:\/\//i.test(href || '') ? href : null);

/// DOM nodes for one paragraph's inlines; each note becomes a numbered marker and is
/// pushed on `notes` (its inlines), to be listed under the text.
export function renderInlines(inlines, notes, noteId) {
  return inlines.map((item) => {
    if (typeof item === 'string') return item;
    if (item.em) return h('em', {}, renderInlines(item.em, notes, noteId));
    if (item.strong) return h('strong', {}, renderInlines(item.strong, notes, noteId));
    if (item.link) {
      const href = safeHref(item.href);
      const inner = renderInlines(item.link, notes, noteId);
      return href ? h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, inner) : h('span', {}, inner);
    }
    if (item.note) {
      notes.push(item.note);
      const n = notes.length;
      return h('sup', { class: 'note-ref' },
        h('a', { href: '#' + noteId(n), id: noteId(n) + '-ref', 'aria-label': t('note.n', { n }) }, String(n)));
    }
    return '';
  });
}

export function renderBlock(block, notes, noteId) {
  return (block?.paragraphs || []).map((p) => h('p', { lang: block.lang }, renderInlines(p, notes, noteId)));
}

export function renderNotes(notes, noteId) {
  if (!notes.length) return null;
  return h('ol', { class: 'notes', 'aria-label': t('notes') },
    notes.map((note, i) => h('li', { id: noteId(i + 1) }, renderInlines(note, [], noteId), ' ',
      h('a', { href: '#' + noteId(i + 1) + '-ref', 'aria-label': t('note.back') }, '↩'))));
}

/// The words of inlines, notes included, for search.
export function plainText(inlines) {
  return (inlines || []).map((item) => (typeof item === 'string' ? item
    : plainText(item.em || item.strong || item.link || item.note || []))).join('');
}

export const blockText = (block) => (block?.paragraphs || []).map(plainText).join('\n');
