// The query API seen from the page: the stored credential, authorised fetches and problem+json.
const STORE = 'callstream.credential';

/** The signed-in credential ({token, workspaceId, role, credentialId}) or null. */
export function credential() {
  const raw = sessionStorage.getItem(STORE);
  return raw ? JSON.parse(raw) : null;
}

export function remember(value) {
  sessionStorage.setItem(STORE, JSON.stringify(value));
}

export function forget() {
  sessionStorage.removeItem(STORE);
}

/** An error whose message is a problem's title and detail, as the API sent them. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super([problem.title, problem.detail].filter(Boolean).join(': ') || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The problem of a failed response, whatever its body. */
export async function problemOf(response) {
  let problem = { title: response.statusText || `HTTP ${response.status}` };
  try {
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) problem = await response.json();
  } catch { /* a body that is not JSON: keep the status line */ }
  return new ProblemError(response.status, problem);
}

export function authorization(token = credential()?.token) {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** Fetches with the credential; throws a ProblemError for a non-2xx answer. */
export async function request(path, { token, headers, ...options } = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Accept: 'application/json', ...authorization(token), ...headers },
  });
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

/** The path of the signed-in workspace, plus {@code rest}. */
export function workspacePath(rest = '') {
  return `/v1/workspaces/${encodeURIComponent(credential().workspaceId)}${rest}`;
}

/** A call's path in the signed-in workspace. */
export function callPath(callId, rest = '') {
  return workspacePath(`/calls/${encodeURIComponent(callId)}${rest}`);
}

let config;

/** The dashboard's settings (/dashboard/config.json), read once. */
export async function dashboardConfig() {
  config ??= fetch('config.json').then((r) => r.json());
  return config;
}
