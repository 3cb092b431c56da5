// Building the page: every piece of user text goes in as a text node, never as markup.

/// h('a', {href, class: 'x', onclick}, 'text', child, [more]) — an element.
/// Keys starting with "on" are listeners; "class", "for", aria-* and data-* are
/// attributes; booleans set or leave out an attribute; anything else is a property.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class' || key === 'for' || key === 'role' || key.startsWith('aria-') || key.startsWith('data-')
      || key === 'href' || key === 'lang' || key === 'id' || key === 'name' || key === 'type' || key === 'title'
      || key === 'tabindex' || key === 'autocomplete' || key === 'placeholder' || key === 'download' || key === 'dir')
      el.setAttribute(key === 'class' ? 'class' : key, value === true ? '' : String(value));
    else el[key] = value;
  }
  append(el, children);
  return el;
}

/// Appends children: strings and numbers as text, nodes as they are, arrays flattened.
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/// Replaces what `el` holds.
export function fill(el, ...children) {
  return append(clear(el), children);
}
