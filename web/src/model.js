// Walking the document model as the API gives it, and opening a document to edit on a draft.
import { api, seg, ApiError } from './api.js';
import { t } from './i18n.js';
import { mayWriteOn, notify, workspace } from './app.js';

/// Every section, depth first.
export function allSections(sections, out = []) {
  for (const s of sections || []) { out.push(s); allSections(s.sections, out); }
  return out;
}

/// The recommendation `id` with the sections above it (`path`, outermost first) and its place; null when absent.
export function findRec(sections, id, path = []) {
  for (const s of sections || []) {
    const index = (s.recommendations || []).findIndex((r) => r.id === id);
    if (index >= 0) return { rec: s.recommendations[index], section: s, index, path: [...path, s] };
    const deeper = findRec(s.sections, id, [...path, s]);
    if (deeper) return deeper;
  }
  return null;
}

/// A document as it is at `rev`.
export const documentAt = async (docId, rev) => (await api('GET', '/documents/' + seg(docId), { query: { rev } })).data;

/// A document to edit on `draft`: the draft's version when the draft exists, else main's, with
/// the commit it was read at and `ensureDraft()`, which makes the draft from that commit on the first save.
export async function openOnDraft(docId, draft) {
  if (!mayWriteOn(draft)) throw new ApiError(403, { title: t('edit.notYours', { draft: draft || '' }) });
  const [{ data: drafts }, ws] = await Promise.all([api('GET', '/drafts'), workspace()]);
  const exists = drafts.some((d) => d.name === draft);
  const { data: doc, etag } = await api('GET', '/documents/' + seg(docId), { query: { rev: exists ? draft : 'main' } });
  let made = exists;
  const ensureDraft = async () => {
    if (made) return;
    await api('POST', '/drafts', { body: { name: draft, from: etag } });
    made = true;
    notify(t('edit.draftMade', { name: draft }));
  };
  return { doc, etag, exists, ws, ensureDraft };
}
