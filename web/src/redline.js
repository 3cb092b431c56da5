// The semantic diff as a redline: part by part, word by word. Insertions and
// deletions are coloured, underlined or struck through, and named for screen readers.
import { h } from './dom.js';
import { t, langName } from './i18n.js';
import { findRec, documentAt } from './model.js';
import { recView } from './recview.js';

const chunk = (c) => {
  if (c.op === 'insert') return h('ins', {}, h('span', { class: 'sr' }, t('diff.insStart')), c.text, h('span', { class: 'sr' }, t('diff.insEnd')));
  if (c.op === 'delete') return h('del', {}, h('span', { class: 'sr' }, t('diff.delStart')), c.text, h('span', { class: 'sr' }, t('diff.delEnd')));
  return c.text;
};

function field(f) {
  const name = t('field.' + f.field) + (f.lang ? ` (${langName(f.lang)})` : '');
  if (f.kind === 'text') return h('div', { class: 'field', lang: f.lang },
    h('p', { class: 'field-name' }, name),
    f.paragraphs.map((p) => h('p', { class: 'para change-' + p.change }, p.change === 'added' ? h('span', { class: 'tag' }, t('diff.newPara')) : null,
      p.change === 'removed' ? h('span', { class: 'tag' }, t('diff.removedPara')) : null, p.chunks.map(chunk))));
  if (f.kind === 'set') return h('div', { class: 'field' }, h('p', { class: 'field-name' }, name),
    f.added.map((x) => h('ins', { class: 'item' }, h('span', { class: 'sr' }, t('diff.insStart')), '+ ' + x)), ' ',
    f.removed.map((x) => h('del', { class: 'item' }, h('span', { class: 'sr' }, t('diff.delStart')), '− ' + x)));
  return h('div', { class: 'field' }, h('p', { class: 'field-name' }, name),
    f.before ? h('del', {}, h('span', { class: 'sr' }, t('diff.delStart')), f.before) : null, ' → ',
    f.after ? h('ins', {}, h('span', { class: 'sr' }, t('diff.insStart')), f.after) : null);
}

/// One changed part (a recommendation or section): what happened to it, then its fields.
export function partChange(c, { actions, content } = {}) {
  const what = c.added ? t('diff.added') : c.removed ? t('diff.removed') : c.moved ? t('diff.moved', { from: c.from, to: c.to })
    : c.reordered ? t('diff.reordered') : t('diff.changed');
  return h('article', { class: 'change', 'data-part': c.id, id: 'change-' + c.id },
    h('h3', {}, c.number ? h('span', { class: 'num' }, c.number.join('.') + ' ') : null, c.title || c.id, ' ',
      h('span', { class: 'badge' }, t('part.' + c.part)), ' ', h('span', { class: 'what' }, what)),
    c.fields.map(field), content ? h('div', { class: 'added-part' }, h('span', { class: 'sr' }, t('diff.insStart')), content, h('span', { class: 'sr' }, t('diff.insEnd'))) : null,
    actions || null);
}

/// The whole diff as the API gives it (a list of documents with their changed parts).
export function redline(diffs, options = {}) {
  if (!diffs.length || diffs.every((d) => !d.changes.length && !d.added && !d.removed))
    return h('p', { class: 'empty' }, t('diff.none'));
  return diffs.map((d) => h('div', { class: 'redline' },
    d.added ? h('p', {}, t('diff.newDoc')) : null, d.removed ? h('p', {}, t('diff.docRemoved')) : null,
    d.changes.map((c) => partChange(c, { actions: options.actions?.(c, d), content: c.added ? options.added?.(c, d) : null }))));
}

/// What an added recommendation says, from the documents at the revision the diff goes to:
/// loads them only when the diff adds one. Returns the `added` option of redline().
export async function addedContent(diffs, rev) {
  const docs = {};
  for (const d of Array.isArray(diffs) ? diffs : []) {
    if (!d.changes.some((c) => c.added && c.part === 'recommendation')) continue;
    const id = d.path.replace(/^.*\//, '').replace(/\.xml$/, '');
    docs[d.path] = await documentAt(id, rev);
  }
  return (c, d) => {
    const rec = c.part === 'recommendation' && docs[d.path] ? findRec(docs[d.path].sections, c.id)?.rec : null;
    return rec ? recView(rec, { langs: ['ko', 'en'] }) : null;
  };
}

/// The words of `b` against `a` as redline chunks (a longest common subsequence of
/// words, each with the spaces after it; Korean and English split alike), every
/// run of changes shown as what went, then what came. For short texts such as a
/// conflict's sides: texts over 4,000 words each are shown whole as one change.
export function wordDiff(a, b) {
  const x = (a || '').match(/\S+\s*|\s+/g) || [];
  const y = (b || '').match(/\S+\s*|\s+/g) || [];
  if (x.length * y.length > 16e6) return [{ op: 'delete', text: a }, { op: 'insert', text: b }];
  const n = x.length, m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let gone = '', came = '';
  const flush = () => {
    if (gone) out.push({ op: 'delete', text: gone });
    if (came) out.push({ op: 'insert', text: came });
    gone = came = '';
  };
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      flush();
      if (out.length && out[out.length - 1].op === 'equal') out[out.length - 1].text += x[i]; else out.push({ op: 'equal', text: x[i] });
      i++; j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) gone += x[i++];
    else came += y[j++];
  }
  flush();
  return out;
}

export const chunks = (list) => list.map(chunk);
