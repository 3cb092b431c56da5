// The rich-text editor of a recommendation's text: ProseMirror with a schema that
// is exactly the submission's inline elements — paragraphs, emphasis, strong,
// links and footnotes — so what a person writes maps one to one onto the XML.
import { Schema } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { history, undo, redo } from 'prosemirror-history';
import { baseKeymap, toggleMark } from 'prosemirror-commands';
import { h } from './dom.js';
import { t } from './i18n.js';
import { plainText, safeHref } from './inline.js';

const schema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: { content: 'inline*', parseDOM: [{ tag: 'p' }], toDOM: () => ['p', 0] },
    text: { group: 'inline' },
    note: {
      inline: true, group: 'inline', atom: true, selectable: true,
      attrs: { content: { default: [] } },
      parseDOM: [],
      toDOM: (node) => ['span', { class: 'pm-note', contenteditable: 'false',
        title: plainText(node.attrs.content) }, plainText(node.attrs.content)],
    },
  },
  marks: {
    link: { attrs: { href: {} }, inclusive: false,
      parseDOM: [{ tag: 'a[href]', getAttrs: (d) => (safeHref(d.getAttribute('href')) ? { href: d.getAttribute('href') } : false) }],
      toDOM: (m) => ['a', { href: m.attrs.href, rel: 'noopener noreferrer' }, 0] },
    em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
    strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
  },
});
const markOrder = ['link', 'em', 'strong'];

function inlineNodes(inlines, marks) {
  const out = [];
  for (const item of inlines) {
    if (typeof item === 'string') { if (item) out.push(schema.text(item, marks)); continue; }
    if (item.note) { out.push(schema.nodes.note.create({ content: item.note }, null, marks)); continue; }
    const type = item.em ? 'em' : item.strong ? 'strong' : item.link ? 'link' : null;
    if (!type) continue;
    const mark = type === 'link' ? schema.marks.link.create({ href: item.href }) : schema.marks[type].create();
    out.push(...inlineNodes(item[type], mark.addToSet(marks)));
  }
  return out;
}

export function toDoc(paragraphs) {
  const ps = (paragraphs && paragraphs.length ? paragraphs : [[]])
    .map((p) => schema.nodes.paragraph.create(null, inlineNodes(p, [])));
  return schema.nodes.doc.create(null, ps);
}

// Items of {marks, leaf} back into nested inlines: at each step the mark that spans
// the longest run of items from here goes outermost (on a tie, link, em, strong), so
// <strong>Both <em>at once</em></strong> comes back as it was.
function nest(items) {
  const out = [];
  for (let i = 0; i < items.length;) {
    const first = items[i];
    if (!first.marks.length) {
      const leaf = first.leaf;
      if (typeof leaf === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += leaf;
      else out.push(leaf);
      i++;
      continue;
    }
    let mark = null, end = i;
    for (const m of first.marks) {
      let j = i;
      while (j < items.length && m.isInSet(items[j].marks)) j++;
      if (j > end) { mark = m; end = j; }
    }
    const inner = nest(items.slice(i, end).map((x) => ({ marks: x.marks.filter((m) => !m.eq(mark)), leaf: x.leaf })));
    out.push(mark.type.name === 'link' ? { link: inner, href: mark.attrs.href } : { [mark.type.name]: inner });
    i = end;
  }
  return out;
}

export function fromDoc(doc) {
  const paragraphs = [];
  doc.forEach((p) => {
    const items = [];
    p.forEach((node) => {
      const marks = [...node.marks].sort((a, b) => markOrder.indexOf(a.type.name) - markOrder.indexOf(b.type.name));
      items.push({ marks, leaf: node.isText ? node.text : { note: node.attrs.content } });
    });
    const inlines = nest(items);
    if (plainText(inlines).trim() || inlines.some((x) => typeof x !== 'string')) paragraphs.push(inlines);
  });
  return paragraphs;
}

/// Asks for a footnote's text in a dialog; resolves to the text, or null when cancelled.
function askNote(initial) {
  return new Promise((resolve) => {
    const input = h('textarea', { id: 'note-text', rows: 3, value: initial });
    const dialog = h('dialog', { class: 'note-dialog', 'aria-labelledby': 'note-dialog-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'note-dialog-title' }, t('editor.note.title')),
        h('label', { for: 'note-text' }, t('editor.note.text')), input,
        h('div', { class: 'actions' },
          h('button', { type: 'submit', value: 'ok', class: 'primary' }, t('ok')),
          h('button', { type: 'submit', value: 'cancel' }, t('cancel')))));
    dialog.addEventListener('close', () => {
      const value = dialog.returnValue === 'ok' ? input.value.trim() : null;
      dialog.remove();
      resolve(value || null);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

/// A labelled editor of paragraphs; returns {element, value(), focus()}.
export function richText({ id, label, lang, paragraphs }) {
  const labelId = id + '-label';
  let view;
  const insertNote = async () => {
    const text = await askNote('');
    view.focus();
    if (!text) return;
    const { state } = view;
    view.dispatch(state.tr.replaceSelectionWith(schema.nodes.note.create({ content: [text] })));
  };
  const editNote = async (pos, node) => {
    const text = await askNote(plainText(node.attrs.content));
    view.focus();
    if (text === null) return;
    view.dispatch(view.state.tr.setNodeMarkup(pos, null, { content: [text] }));
  };
  const state = EditorState.create({
    doc: toDoc(paragraphs),
    plugins: [
      history(),
      keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Mod-Shift-z': redo, 'Mod-i': toggleMark(schema.marks.em),
        'Mod-b': toggleMark(schema.marks.strong), 'Mod-Alt-f': () => { insertNote(); return true; } }),
      keymap(baseKeymap),
    ],
  });
  const button = (key, shortcut, run, mark) => h('button', {
    type: 'button', class: 'tool', 'data-mark': mark, title: t(key) + (shortcut ? ' (' + shortcut + ')' : ''),
    onmousedown: (e) => e.preventDefault(),
    onclick: () => { run(); view.focus(); },
  }, t(key));
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': t('editor.toolbar', { label }) },
    button('editor.em', 'Ctrl+I', () => toggleMark(schema.marks.em)(view.state, view.dispatch), 'em'),
    button('editor.strong', 'Ctrl+B', () => toggleMark(schema.marks.strong)(view.state, view.dispatch), 'strong'),
    button('editor.note', 'Ctrl+Alt+F', insertNote),
    button('editor.undo', 'Ctrl+Z', () => undo(view.state, view.dispatch)),
    button('editor.redo', 'Ctrl+Y', () => redo(view.state, view.dispatch)));
  const mount = h('div', { class: 'pm-mount' });
  const element = h('div', { class: 'rich', lang },
    h('span', { class: 'label', id: labelId }, label), toolbar, mount);
  view = new EditorView(mount, {
    state,
    attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': labelId, lang, class: 'pm', id },
    handleClickOn: (v, pos, node, nodePos) => {
      if (node.type !== schema.nodes.note) return false;
      editNote(nodePos, node);
      return true;
    },
    handleKeyDown: (v, event) => {
      const { selection } = v.state;
      if (event.key === 'Enter' && selection.node && selection.node.type === schema.nodes.note) {
        editNote(selection.from, selection.node);
        return true;
      }
      return false;
    },
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      const marks = view.state.storedMarks || view.state.selection.$from.marks();
      for (const b of toolbar.querySelectorAll('[data-mark]'))
        b.setAttribute('aria-pressed', String(marks.some((m) => m.type.name === b.dataset.mark)));
    },
  });
  // A text left as it was is given back as it came, whatever nesting its marks had.
  const initial = view.state.doc;
  return { element, value: () => (view.state.doc.eq(initial) ? (paragraphs || []) : fromDoc(view.state.doc)), focus: () => view.focus() };
}
