// The console's one door to the control plane: the same /api/v1 the CLI uses, with the session
// cookie and the header every cookie-authenticated change must carry (the CSRF guard).

/** An API call that failed: `message` is the problem's sentence, readable as it is. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const headers = { 'X-Cellular-Console': '1', Accept: 'application/json' };

/** Builds `path?query`, leaving out empty values. */
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls `/api/v1/{path}`; resolves to the JSON answer (null for 204), rejects with ApiError. */
export async function api(path, { method = 'GET', body } = {}) {
  const init = { method, credentials: 'same-origin', headers: { ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1/${path}`, init);
  } catch {
    throw new ApiError(0, 'The control plane cannot be reached. Is it running?');
  }
  if (response.status === 401) {
    // The session ended (expired or signed out elsewhere): the root serves the sign-in page.
    window.location.assign('/');
    throw new ApiError(401, 'Your session has ended. Sign in again.');
  }
  if (!response.ok) throw new ApiError(response.status, await problemText(response));
  if (response.status === 204) return null;
  return response.json();
}

async function problemText(response) {
  try {
    const problem = await response.json();
    const text = problem.detail || problem.title;
    if (text) return text;
  } catch {
    // not JSON: fall through to the status line
  }
  return `The control plane answered ${response.status} ${response.statusText}.`.trim();
}

/** Signs the session out (the cookie is cleared by the server). */
export async function signOut() {
  await fetch('/console/sign-out', { method: 'POST', credentials: 'same-origin', headers: { ...headers } });
}
