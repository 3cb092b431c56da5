// The one way the pages reach the workspace: the JSON API of accord serve.
import { lang } from './i18n.js';

let csrf = '';
export function setCsrf(token) { csrf = token || ''; }

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || String(status));
    this.status = status;
    this.problem = problem;
  }
}

/// api('GET', '/documents') → {data, etag, status}; throws ApiError for a 4xx/5xx.
export async function api(method, path, { body, ifMatch, query } = {}) {
  const url = new URL('/api/v1' + path, location.origin);
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== '') url.searchParams.set(k, v);
  const headers = { 'Accept': 'application/json', 'Accept-Language': lang() };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = '"' + ifMatch + '"';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, { title: e.message });
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : { title: String(data) });
  const etag = (response.headers.get('ETag') || '').replaceAll('"', '');
  return { data, etag, status: response.status };
}

/// Encodes one path segment of the API (ids are letters, digits, '.', '_' and '-', but be safe).
export const seg = (s) => encodeURIComponent(s);
