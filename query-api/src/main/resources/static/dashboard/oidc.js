// OIDC sign-in for members: the authorization code flow with PKCE as a public client (no secret),
// against the issuer's discovery document. The token is kept like an API key, in sessionStorage.
const PENDING = 'callstream.oidc';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discovery(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the issuer answered ${response.status}`);
  return response.json();
}

function redirectUri() {
  return `${location.origin}${location.pathname}`;
}

/** Sends the browser to the issuer; it comes back with a code. */
export async function startOidcSignIn(oidc, workspaceId) {
  if (!oidc.clientId) throw new Error('no client id is configured (callstream.dashboard.oidc-client-id)');
  const endpoints = await discovery(oidc.issuer);
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({
    verifier, state, workspaceId, tokenEndpoint: endpoints.token_endpoint, clientId: oidc.clientId,
  }));
  const url = new URL(endpoints.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: oidc.clientId, redirect_uri: redirectUri(),
    scope: 'openid email', state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign(url);
}

/**
 * Finishes a sign-in the issuer redirected back to ({@code ?code=&state=}) with {@code signIn(token,
 * workspaceId)}; resolves whether the page should route on (always, unless it throws).
 */
export async function completeOidcSignIn(signIn) {
  const query = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  if (!query.has('code') || !pending) return true;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}#/`);
  if (query.get('state') !== pending.state) throw new Error('the sign-in answer does not match');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(),
      client_id: pending.clientId, code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`the issuer refused the code (${response.status})`);
  const tokens = await response.json();
  // the API checks an access token's audience; an issuer that sets none for SPAs gives an ID token
  await signIn(tokens.access_token || tokens.id_token, pending.workspaceId);
  return true;
}
