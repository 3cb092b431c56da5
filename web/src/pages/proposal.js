// Proposals: the list, and one proposal — its redline, every review and comment,
// who must still approve (by organisation and by name), the review form, and the
// land button, there only when the policy holds and saying why not otherwise.
import { api, seg } from '../api.js';
import { h, fill } from '../dom.js';
import { t, formatDate, langName } from '../i18n.js';
import { state, workspace, orgName, userName, hasRole, go, notify, problemView, query, link } from '../app.js';
import { redline, addedContent } from '../redline.js';

// The phrase last selected in a redline: "comment on this" quotes it when it lies in that part.
let lastSelection = null;
document.addEventListener('selectionchange', () => {
  const selection = window.getSelection();
  const text = String(selection || '').trim();
  if (text && selection.anchorNode?.parentElement?.closest('.change')) lastSelection = { text, node: selection.anchorNode };
});

const stateLabel = (s) => h('span', { class: 'badge state-' + s }, t('proposal.state.' + s));

export async function proposalsPage() {
  const which = query().get('state') || 'open';
  const [{ data: proposals }] = await Promise.all([api('GET', '/proposals', { query: { state: which === 'all' ? '' : which } }), workspace()]);
  return h('div', {},
    h('h1', {}, t('nav.proposals')),
    h('p', { class: 'tabs' }, ['open', 'all'].map((s) => h('a', { href: link('/proposals', { state: s === 'open' ? '' : s }),
      'aria-current': s === which ? 'page' : null }, t('proposal.filter.' + s)))),
    proposals.length ? h('ul', { class: 'list' }, proposals.map((p) => h('li', {},
      h('a', { href: '/proposals/' + seg(p.id.slice(0, 12)) }, p.label + ' ' + p.title), ' ', stateLabel(p.state),
      h('span', { class: 'meta' }, ' ', t('proposal.by', { name: userName(p.author) }), ' · ', p.from.replace(/^draft\//, ''), ' → ', p.into,
        ' · ', t('proposal.approvals', { n: p.approvals })))))
      : h('p', {}, t('proposal.none')));
}

function eventView(e, p, onReply) {
  const who = h('strong', {}, userName(e.user));
  const when = h('time', { datetime: new Date(e.time * 1000).toISOString() }, formatDate(e.time));
  let what;
  if (e.type === 'open') what = t('event.open');
  else if (e.type === 'review' && e.thread) {
    const opened = p.events.find((x) => x.record === e.thread);
    what = t('event.reply', { n: opened ? opened.seq : e.thread.slice(0, 7) });
  } else if (e.type === 'review') what = t('verdict.' + e.verdict);
  else if (e.type === 'resolve') {
    const opened = p.events.find((x) => x.record === e.thread);
    what = t('event.resolve', { n: opened ? opened.seq : e.thread.slice(0, 7) });
  } else what = t('event.' + e.type);
  return h('li', { class: 'event event-' + e.type + (e.verdict ? ' verdict-' + e.verdict : '') + (e.thread && e.type === 'review' ? ' reply' : ''), id: 'event-' + e.seq },
    h('p', { class: 'event-head' }, h('span', { class: 'seq' }, '#' + e.seq), ' ', who, ' ', what, ' · ', when,
      e.on ? [' · ', t('event.on'), ' ', h('a', { href: '#change-' + e.on }, e.on)] : null),
    e.quote ? h('blockquote', { lang: e.lang || null }, e.quote) : null,
    e.message ? h('p', { class: 'message' }, e.message) : null,
    e.type === 'review' && e.verdict === 'comment' && !e.thread && onReply ? onReply(e) : null);
}

// For those who read in Word: each changed document as a DOCX whose changes are tracked changes.
function wordDownloads(diff, { rev, since }) {
  if (!Array.isArray(diff) || !diff.length) return null;
  const docs = diff.filter((d) => !d.removed).map((d) => d.path.replace(/^documents\//, '').replace(/\.xml$/, ''));
  return h('p', { class: 'downloads' }, t('proposal.word'), ' ',
    docs.flatMap((doc) => ['ko', 'en'].map((lang) => h('a', {
      class: 'button', download: '', 'data-redline': lang,
      href: link(`/api/v1/documents/${seg(doc)}/export/docx`, { rev, since, lang }),
    }, t('proposal.wordIn', { doc, lang: langName(lang) })))));
}

export async function proposalPage(id) {
  const [{ data: p }] = await Promise.all([api('GET', '/proposals/' + seg(id)), workspace()]);
  const landed = p.events.find((e) => e.type === 'landed');
  const from = p.from.replace(/^draft\//, '');
  let diff = [];
  try {
    diff = landed ? (await api('GET', '/diff', { query: { from: landed.merge + '^1', to: landed.merge } })).data
      : (await api('GET', '/diff', { query: { from: p.into, to: from, since: 1 } })).data;
  } catch (e) { diff = e; }
  const added = await addedContent(diff, landed ? landed.merge : from);
  const error = h('div', { class: 'form-error' });
  const reload = (message) => { go('/proposals/' + seg(id), { replace: true }); setTimeout(() => notify(message), 0); };
  const resolved = new Set(p.events.filter((e) => e.type === 'resolve').map((e) => e.thread));
  const open = p.state === 'open';
  const reviewer = hasRole('reviewer');

  // The review form; "comment on this" in the redline and "reply" fill in what it is about.
  let replyTo = 0;
  const replying = h('p', { class: 'replying', 'aria-live': 'polite' });
  const replyToThread = (e) => {
    replyTo = e.seq;
    verdict.value = 'comment';
    onRec.value = e.on || '';
    quote.value = '';
    fill(replying, t('review.replyingTo', { n: e.seq }), ' ',
      h('button', { type: 'button', class: 'small', onclick: () => { replyTo = 0; fill(replying); } }, t('review.notReply')));
    message.focus();
  };
  // Anyone signed in comments and answers; approving and requesting changes is a reviewer's.
  const verdict = h('select', { id: 'verdict' }, ['comment', ...(reviewer ? ['approve', 'request-changes'] : [])]
    .map((v) => h('option', { value: v }, t('verdict.choose.' + v))));
  const message = h('textarea', { id: 'review-message', rows: 4 });
  const onRec = h('input', { id: 'review-on', autocomplete: 'off' });
  const quote = h('input', { id: 'review-quote', autocomplete: 'off' });
  const form = h('form', { class: 'box', id: 'review-form', 'aria-labelledby': 'review-h', onsubmit: async (event) => {
    event.preventDefault();
    fill(error);
    const body = { verdict: verdict.value, message: message.value.trim() };
    if (verdict.value === 'comment' && replyTo) body.thread = replyTo;
    if (verdict.value === 'comment' && onRec.value.trim()) body.on = onRec.value.trim();
    if (verdict.value === 'comment' && quote.value.trim()) { body.quote = quote.value.trim(); body.lang = /[\uac00-\ud7a3]/.test(body.quote) ? 'ko' : 'en'; }
    try {
      await api('POST', `/proposals/${seg(p.id)}/reviews`, { body });
      reload(t('review.sent.' + verdict.value));
    } catch (e) { fill(error, problemView(e)); }
  } },
  h('h2', { id: 'review-h' }, t('review.heading')),
  h('label', { for: 'verdict' }, t('review.verdict')), verdict,
  h('label', { for: 'review-message' }, t('review.message')), message,
  replying,
  h('label', { for: 'review-on' }, t('review.on')), onRec,
  h('label', { for: 'review-quote' }, t('review.quote')), quote,
  h('button', { type: 'submit', class: 'primary' }, t('review.send')));
  const aboutThis = (partId, selectionIn) => {
    replyTo = 0;
    fill(replying);
    verdict.value = 'comment';
    onRec.value = partId;
    quote.value = lastSelection && selectionIn?.contains(lastSelection.node) ? lastSelection.text.replace(/\s+/g, ' ') : '';
    message.focus();
  };
  const commentButton = (c) => {
    const b = h('button', { type: 'button', class: 'small', onmousedown: (e) => e.preventDefault(),
      onclick: () => aboutThis(c.id, b.closest('.change')) }, t('review.commentOn'));
    return open && c.part === 'recommendation' ? b : null;
  };
  // Who may resolve a thread: whoever opened it, a reviewer of their organisation, an admin (as the library says).
  const mayResolve = (e) => state.user.id === e.user || hasRole('admin')
    || (state.user.roles.includes('reviewer') && state.workspace?.users?.find((u) => u.id === e.user)?.org === state.user.org);
  const onReply = (e) => (open && !resolved.has(e.record) ? h('p', { class: 'thread-actions' },
    h('button', { type: 'button', class: 'small', onclick: () => replyToThread(e) }, t('review.reply')),
    mayResolve(e) ? h('button', { type: 'button', class: 'small', onclick: async () => {
      try { await api('POST', `/proposals/${seg(p.id)}/reviews`, { body: { verdict: 'resolve', thread: e.seq } }); reload(t('review.resolved')); }
      catch (x) { fill(error, problemView(x)); }
    } }, t('review.resolve')) : null) : (resolved.has(e.record) ? h('p', { class: 'resolved' }, t('review.isResolved')) : null));

  const policy = p.policy || {};
  const mayLand = (policy.landBy || []).some((r) => hasRole(r)) || (policy.landBy || []).includes(state.user.id);
  const awaiting = (policy.awaiting || []);
  const landBox = h('section', { class: 'box policy', 'aria-labelledby': 'policy-h' },
    h('h2', { id: 'policy-h' }, t('policy.heading')),
    landed ? h('p', { class: 'ok' }, t('policy.wasLanded', { name: userName(landed.user), date: formatDate(landed.time) })) : null,
    !open ? h('ul', {}, p.events.filter((e) => e.type === 'review' && e.verdict === 'approve').map((e) => h('li', {},
      userName(e.user), ' (', orgName(state.workspace?.users?.find((u) => u.id === e.user)?.org || ''), '): ', t('verdict.approve')))) : null,
    open ? (policy.ready ? h('p', { class: 'ok' }, t('policy.ready')) : h('p', { class: 'warn' }, t('policy.notReady'))) : null,
    open && awaiting.length ? [h('h3', {}, t('policy.awaiting')), h('ul', { class: 'awaiting' }, awaiting.map((a) => h('li', {},
      h('strong', {}, orgName(a.org)), ' — ',
      a.reviewers.length ? a.reviewers.map((r) => r.name).join(', ') : t('policy.noReviewer'),
      h('span', { class: 'why' }, ' (', a.why.map((w) => w.replace(/^endorses /, t('policy.endorses') + ' ')).join('; '), ')'))))] : null,
    open && policy.missing?.length ? h('details', {}, h('summary', {}, t('policy.details')), h('ul', {}, policy.missing.map((m) => h('li', {}, m)))) : null,
    (policy.verdicts || []).length ? [h('h3', {}, t('policy.verdicts')), h('ul', {}, policy.verdicts.map((v) => h('li', {},
      userName(v.user), ' (', orgName(v.org), '): ', t('verdict.' + v.verdict), v.current ? '' : ' ' + t('policy.stale'))))] : null,
    open ? (policy.ready && mayLand
      ? h('button', { type: 'button', class: 'primary', onclick: async () => {
        try { await api('POST', `/proposals/${seg(p.id)}/land`); reload(t('policy.landed')); } catch (e) { fill(error, problemView(e)); }
      } }, t('policy.land'))
      : h('p', { class: 'why-not' }, policy.ready ? t('policy.notYours', { roles: (policy.landBy || []).join(', ') }) : t('policy.cannotLand'))) : null);

  return h('div', { class: 'proposal' },
    h('h1', {}, p.label + ' ' + p.title),
    h('p', { class: 'meta' }, stateLabel(p.state), ' ', t('proposal.by', { name: userName(p.author) }), ' · ',
      h('a', { href: '/drafts/' + seg(from) }, from), ' → ', p.into),
    p.description ? h('p', { class: 'description' }, p.description) : null,
    error,
    h('div', { class: 'proposal-layout' },
      h('div', {},
        h('section', { 'aria-labelledby': 'redline-h' }, h('h2', { id: 'redline-h' }, t('proposal.changes')),
          wordDownloads(diff, landed ? { rev: landed.merge, since: landed.merge + '^1' } : { rev: from, since: p.into }),
          Array.isArray(diff) ? redline(diff, { actions: (c) => commentButton(c), added }) : problemView(diff)),
        h('section', { 'aria-labelledby': 'events-h' }, h('h2', { id: 'events-h' }, t('proposal.events')),
          h('ol', { class: 'events' }, p.events.map((e) => eventView(e, p, onReply))))),
      h('div', {}, landBox, open ? form : null)));
}
