// The dashboard's entry: sign-in, then hash routing between the calls list (#/) and a call's page
// (#/calls/{id}). Each view gets an AbortSignal that ends its streams when the route changes.
import { credential, dashboardConfig, forget, getJson, remember } from './api.js';
import { h } from './dom.js';
import { showCalls } from './calls.js';
import { showCall } from './call.js';
import { completeOidcSignIn, startOidcSignIn } from './oidc.js';

const main = document.getElementById('main');
let current = new AbortController();

/** Checks {@code token} with GET /v1/credential and keeps it with its workspace. */
async function signIn(token, workspaceId) {
  const found = await getJson('/v1/credential', { token });
  const workspace = found.workspaceId || workspaceId;
  if (!workspace) {
    throw new Error('this credential belongs to no workspace: enter the workspace id');
  }
  remember({ token, workspaceId: workspace, role: found.role, credentialId: found.credentialId });
}

function signInForm(config, message) {
  const key = h('input', {
    id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'current-password',
    required: true, spellcheck: 'false',
  });
  const error = h('p', { id: 'sign-in-error', role: 'alert', className: 'error' }, message || '');
  const form = h('form', { id: 'sign-in', className: 'panel sign-in', 'aria-labelledby': 'sign-in-heading' },
    h('h1', { id: 'sign-in-heading' }, 'Sign in'),
    h('p', {}, 'Use a workspace API key (the standalone prints one on its first start).'),
    h('div', { className: 'field' }, h('label', { for: 'api-key' }, 'API key'), key),
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, 'Sign in')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await signIn(key.value.trim());
      route();
    } catch (failure) {
      error.textContent = `Sign-in failed: ${failure.message}`;
      key.focus();
    }
  });
  if (config.oidc) {
    const workspace = h('input', { id: 'oidc-workspace', name: 'workspace', type: 'text', required: true });
    const oidcForm = h('form', { id: 'oidc-sign-in', className: 'oidc' },
      h('div', { className: 'field' }, h('label', { for: 'oidc-workspace' }, 'Workspace id'), workspace),
      h('button', { type: 'submit' }, 'OIDC sign-in'));
    oidcForm.addEventListener('submit', (event) => {
      event.preventDefault();
      startOidcSignIn(config.oidc, workspace.value.trim())
        .catch((failure) => { error.textContent = `Sign-in failed: ${failure.message}`; });
    });
    form.append(h('p', {}, 'Or sign in as a member of a workspace:'), oidcForm);
  }
  return form;
}

function signedIn(who) {
  const label = document.getElementById('who');
  const out = document.getElementById('sign-out');
  label.textContent = who ? `Workspace ${who.workspaceId}${who.role ? ` (${who.role})` : ''}` : '';
  out.hidden = !who;
}

async function route() {
  current.abort();
  current = new AbortController();
  const who = credential();
  signedIn(who);
  if (!who) {
    main.replaceChildren(signInForm(await dashboardConfig()));
    document.getElementById('api-key')?.focus();
    return;
  }
  const call = /^#\/calls\/([^/]+)$/.exec(location.hash);
  if (call) showCall(main, decodeURIComponent(call[1]), current.signal);
  else showCalls(main, current.signal);
  main.focus({ preventScroll: true });
}

document.getElementById('sign-out').addEventListener('click', () => {
  forget();
  location.hash = '#/';
  route();
});
window.addEventListener('hashchange', route);

completeOidcSignIn(signIn)
  .catch(async (failure) => {
    main.replaceChildren(signInForm(await dashboardConfig(), `Sign-in failed: ${failure.message}`));
    return false;
  })
  .then((handled) => { if (handled !== false) route(); });
