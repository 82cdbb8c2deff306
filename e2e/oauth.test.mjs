// oauth.test.mjs logs in to the emulator the ways real applications do and
// checks what they see when sessions end, tokens are revoked, or the org
// misbehaves:
//
// - the authorization-code flow with PKCE, walked through the emulator's HTML
//   login and consent pages by a plain HTTP client that submits the forms as
//   a browser would (it keeps cookies, sends Origin, clicks a button), the code
//   then exchanged by jsforce's OAuth2;
// - jsforce refreshing an expired or rejected access token with the refresh
//   token (oauth2: {clientId, clientSecret, loginUrl}) and retrying;
// - the per-user approval cap evicting the oldest refresh token;
// - jsforce's SOAP login(username, password + security token) and logout;
// - faults and org settings changed through the admin API (/__sfemu), as
//   jsforce reports them.
//
// Tests that end sessions or revoke tokens do it to users they create, never
// to the admin user whose access token the other test files use, and every
// org setting a test changes is put back before it ends.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import jsforce from 'jsforce';
import { readyInfo, uniqueName } from './emulator.mjs';

const org = readyInfo();
for (const key of ['login_url', 'client_id', 'client_secret', 'redirect_uri', 'admin_token', 'password', 'security_token']) {
  assert.ok(org[key], `the ready file has ${key}`);
}
const org15 = org.org_id.slice(0, 15);
const ACCESS_TOKEN = new RegExp(`^${org15}![A-Za-z0-9._-]+$`);
const REFRESH_TOKEN = /^[A-Za-z0-9._-]+=*$/;

// ---------------------------------------------------------------------------
// The admin API.

/** admin calls the emulator's admin API and returns its JSON answer. */
async function admin(method, path, body) {
  const res = await fetch(`${org.instance_url}/__sfemu${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${org.admin_token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} /__sfemu${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** newUser adds a user with a known password and security token and returns it. */
async function newUser(label) {
  const local = `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const user = {
    username: `${local}@e2e.sfemu.example`,
    password: `Pw-${randomBytes(6).toString('hex')}1`,
    securityToken: randomBytes(12).toString('hex'),
    firstName: 'E2E',
    lastName: label,
    profile: 'System Administrator',
  };
  const res = await admin('POST', '/users', user);
  assert.match(res.id, /^005[A-Za-z0-9]{15}$/);
  return { ...user, id: res.id };
}

/** withSettings applies settings, runs fn, then restores the previous values. */
async function withSettings(patch, fn) {
  const saved = await admin('GET', '/settings');
  await admin('PATCH', '/settings', patch);
  try {
    return await fn();
  } finally {
    const restore = {};
    for (const k of Object.keys(patch)) restore[k] = saved[k];
    await admin('PATCH', '/settings', restore);
  }
}

// ---------------------------------------------------------------------------
// A browser, as far as the login and consent pages need one.

/** htmlDecode undoes the entity escapes html/template writes into attributes. */
function htmlDecode(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower];
  });
}

/** attrs parses the attributes of a start tag. */
function attrs(s) {
  const out = {};
  for (const m of s.matchAll(/([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    out[m[1].toLowerCase()] = htmlDecode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** parseForms finds the forms of a page with their inputs and buttons. */
function parseForms(html) {
  const forms = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attrs(m[1]);
    forms.push({
      id: a.id,
      method: (a.method || 'get').toUpperCase(),
      action: a.action ?? '',
      inputs: [...m[2].matchAll(/<input\b([^>]*)>/gi)].map((i) => attrs(i[1])),
      buttons: [...m[2].matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((b) => ({ ...attrs(b[1]), text: b[2].trim() })),
    });
  }
  return forms;
}

/**
 * Browser fetches pages without following redirects, keeps the cookies the
 * emulator sets, and submits forms the way a browser does: every named input
 * with its value, the clicked button's name and value, and an Origin header.
 */
class Browser {
  cookies = new Map();

  async request(url, { method = 'GET', fields, origin } = {}) {
    const headers = { Accept: 'text/html,application/xhtml+xml' };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (fields) {
      body = new URLSearchParams(fields).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers.Origin = origin ?? new URL(url).origin;
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const html = await res.text();
    return { url, status: res.status, location: res.headers.get('location'), headers: res.headers, html, forms: parseForms(html) };
  }

  /** form returns the page's form with an id, failing the test when it is missing. */
  static form(page, id) {
    const form = page.forms.find((f) => f.id === id);
    assert.ok(form, `the page (status ${page.status}) has a form #${id}: ${page.html.slice(0, 2000)}`);
    return form;
  }

  /** submit fills the form named id with values and clicks the button whose value is buttonValue. */
  async submit(page, id, values = {}, buttonValue, opts = {}) {
    const form = Browser.form(page, id);
    const fields = [];
    for (const input of form.inputs) {
      if (!input.name) continue;
      const value = Object.hasOwn(values, input.name) ? values[input.name] : input.value ?? '';
      fields.push([input.name, value]);
    }
    for (const k of Object.keys(values)) {
      if (!form.inputs.some((i) => i.name === k)) throw new Error(`form #${id} has no input ${k}`);
    }
    const button = buttonValue === undefined ? form.buttons.find((b) => b.type !== 'button') : form.buttons.find((b) => b.value === buttonValue);
    assert.ok(button, `form #${id} has a button ${buttonValue ?? '(submit)'}`);
    if (button.name) fields.push([button.name, button.value ?? '']);
    return this.request(new URL(form.action || page.url, page.url).href, { method: form.method, fields, ...opts });
  }
}

/** pkce returns a code verifier and its S256 challenge. */
function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** authorizeUrl builds an authorization request for the demo app. */
function authorizeUrl({ clientId = org.client_id, redirectUri = org.redirect_uri, state, challenge, scope, prompt } = {}) {
  const u = new URL('/services/oauth2/authorize', org.login_url);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', clientId);
  u.searchParams.set('redirect_uri', redirectUri);
  if (scope) u.searchParams.set('scope', scope);
  if (state) u.searchParams.set('state', state);
  if (challenge) {
    u.searchParams.set('code_challenge', challenge);
    u.searchParams.set('code_challenge_method', 'S256');
  }
  if (prompt) u.searchParams.set('prompt', prompt);
  return u.href;
}

/**
 * authorize walks an authorization through whatever pages the emulator
 * shows (login, consent) and returns the callback URL it redirects to, with
 * the pages seen.
 */
async function authorize(user, { browser = new Browser(), decision = 'allow', ...params } = {}) {
  let page = await browser.request(authorizeUrl(params));
  const seen = [];
  if (page.status === 200 && page.forms.some((f) => f.id === 'login_form')) {
    seen.push('login');
    page = await browser.submit(page, 'login_form', { username: user.username, pw: user.password });
  }
  if (page.status === 200 && page.forms.some((f) => f.id === 'consent_form')) {
    seen.push('consent');
    page = await browser.submit(page, 'consent_form', {}, decision);
  }
  assert.equal(page.status, 302, `the authorization ends in a redirect (after ${seen.join(', ') || 'no page'}): ${page.html.slice(0, 2000)}`);
  const callback = new URL(page.location);
  assert.equal(callback.origin + callback.pathname, params.redirectUri ?? org.redirect_uri, 'redirected to the redirect_uri');
  return { callback, seen, browser };
}

/** oauth2 is jsforce's client of the demo app. */
function oauth2(extra = {}) {
  return new jsforce.OAuth2({
    clientId: org.client_id,
    clientSecret: org.client_secret,
    redirectUri: org.redirect_uri,
    loginUrl: org.login_url,
    ...extra,
  });
}

/** login runs the authorization-code + PKCE flow for user and returns jsforce's token response. */
async function login(user, opts = {}) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  const { callback, seen } = await authorize(user, { state, challenge, ...opts });
  assert.equal(callback.searchParams.get('state'), state);
  const code = callback.searchParams.get('code');
  assert.ok(code, `the callback carries a code: ${callback}`);
  const tokens = await oauth2().requestToken(code, { code_verifier: verifier });
  return { tokens, seen };
}

/** assertTokenResponse checks a token endpoint answer as Salesforce shapes it. */
function assertTokenResponse(res, userId, { refresh }) {
  assert.match(res.access_token, ACCESS_TOKEN, 'access token 00D<org id>!<opaque>');
  if (refresh) assert.match(res.refresh_token, REFRESH_TOKEN);
  else assert.equal(res.refresh_token, undefined, 'no refresh token');
  assert.equal(res.instance_url, org.instance_url);
  assert.equal(res.id, `${org.login_url}/id/${org.org_id}/${userId}`);
  assert.equal(res.token_type, 'Bearer');
  assert.match(res.issued_at, /^\d{13}$/, 'issued_at is epoch milliseconds as a string');
  assert.ok(Math.abs(Number(res.issued_at) - Date.now()) < 60_000, `issued_at ${res.issued_at} is now`);
  const signature = createHmac('sha256', org.client_secret).update(res.id + res.issued_at).digest('base64');
  assert.equal(res.signature, signature, 'signature = base64(HMAC-SHA256(client secret, id + issued_at))');
  assert.equal(typeof res.scope, 'string');
  assert.equal('expires_in' in res, false, 'Salesforce sends no expires_in');
}

/** connect returns a jsforce connection with an access token and no way to refresh it. */
function connect(accessToken = org.access_token, version = '59.0') {
  return new jsforce.Connection({ instanceUrl: org.instance_url, accessToken, version });
}

/** refreshingConnection returns a jsforce connection that refreshes through the demo app. */
function refreshingConnection(tokens) {
  const conn = new jsforce.Connection({
    oauth2: { clientId: org.client_id, clientSecret: org.client_secret, loginUrl: org.login_url },
    instanceUrl: tokens.instance_url,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    version: '59.0',
  });
  const refreshes = [];
  conn.on('refresh', (accessToken, res) => refreshes.push({ accessToken, res }));
  return { conn, refreshes };
}

/** rejectsWith awaits promise and asserts that it fails with a jsforce errorCode. */
async function rejectsWith(promise, code) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected an error with errorCode ${code}, but the call succeeded`);
  assert.equal(err.errorCode, code, `errorCode of ${err.name}: ${err.message}`);
  return err;
}

/** rejects awaits promise and returns the error it failed with. */
async function rejects(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected the call to fail, but it succeeded');
}

/** whoAmI queries the connection's own User record. */
async function whoAmI(conn, userId) {
  const res = await conn.query(`SELECT Id, Username FROM User WHERE Id = '${userId}'`);
  assert.equal(res.totalSize, 1);
  return res.records[0];
}

// ---------------------------------------------------------------------------

describe('authorization code + PKCE through the login and consent pages', () => {
  let user;
  before(async () => {
    user = await newUser('webflow');
  });

  test('an HTTP client logs in, allows access, and jsforce exchanges the code with the verifier', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const state = `st-${randomBytes(8).toString('hex')}`;

    const loginPage = await browser.request(authorizeUrl({ state, challenge }));
    assert.equal(loginPage.status, 200);
    assert.match(loginPage.headers.get('content-type'), /^text\/html/);
    const loginForm = Browser.form(loginPage, 'login_form');
    assert.equal(loginForm.method, 'POST');
    const names = loginForm.inputs.map((i) => i.name);
    for (const n of ['form_token', 'username', 'pw']) assert.ok(names.includes(n), `the login form has ${n}: ${names}`);
    assert.equal(loginForm.inputs.find((i) => i.name === 'pw').type, 'password');
    assert.ok(loginForm.inputs.find((i) => i.name === 'form_token').value.length >= 20, 'the form carries an unguessable token');

    const consentPage = await browser.submit(loginPage, 'login_form', { username: user.username, pw: user.password });
    assert.equal(consentPage.status, 200, consentPage.html.slice(0, 2000));
    assert.ok(browser.cookies.size > 0, 'logging in set a session cookie');
    assert.match(consentPage.html, /Allow Access/);
    assert.ok(consentPage.html.includes(user.username), 'the consent page names the user');
    const consentForm = Browser.form(consentPage, 'consent_form');
    assert.deepEqual(consentForm.buttons.map((b) => b.value).sort(), ['allow', 'deny']);

    const done = await browser.submit(consentPage, 'consent_form', {}, 'allow');
    assert.equal(done.status, 302, done.html.slice(0, 2000));
    const callback = new URL(done.location);
    assert.equal(callback.origin + callback.pathname, org.redirect_uri);
    assert.equal(callback.searchParams.get('state'), state, 'the state comes back unchanged');
    const code = callback.searchParams.get('code');
    assert.ok(code, `the callback carries a code: ${done.location}`);
    assert.equal(callback.searchParams.get('error'), null);

    const res = await oauth2().requestToken(code, { code_verifier: verifier });
    assertTokenResponse(res, user.id, { refresh: true });
    assert.deepEqual(res.scope.split(' ').sort(), ['api', 'full', 'id', 'offline_access', 'openid', 'refresh_token', 'web'].sort());

    // The access token works on the REST API as the user.
    const me = await whoAmI(connect(res.access_token), user.id);
    assert.equal(me.Username, user.username);
  });

  test('a code is single-use, and a wrong PKCE verifier burns it', async () => {
    const { verifier, challenge } = pkce();
    const { callback } = await authorize(user, { state: 's1', challenge });
    const code = callback.searchParams.get('code');
    const client = oauth2();
    const first = await client.requestToken(code, { code_verifier: verifier });
    assert.match(first.access_token, ACCESS_TOKEN);
    const again = await rejects(client.requestToken(code, { code_verifier: verifier }));
    assert.equal(again.name, 'invalid_grant', again.message);

    const second = pkce();
    const { callback: cb2 } = await authorize(user, { state: 's2', challenge: second.challenge });
    const wrong = await rejects(client.requestToken(cb2.searchParams.get('code'), { code_verifier: pkce().verifier }));
    assert.equal(wrong.name, 'invalid_grant');
    assert.match(wrong.message, /code verifier/);
    const burnt = await rejects(client.requestToken(cb2.searchParams.get('code'), { code_verifier: second.verifier }));
    assert.equal(burnt.name, 'invalid_grant', 'the code was burnt by the wrong verifier');
  });

  test('jsforce builds the authorization URL with its own verifier and Connection.authorize exchanges the code', async () => {
    const client = oauth2({ useVerifier: true });
    const url = new URL(client.getAuthorizationUrl({ state: 'jsforce-state', scope: 'api refresh_token' }));
    assert.ok(url.searchParams.get('code_challenge'), 'jsforce sends a code challenge');
    const browser = new Browser();
    let page = await browser.request(url.href);
    page = await browser.submit(page, 'login_form', { username: user.username, pw: user.password });
    if (page.status === 200) page = await browser.submit(page, 'consent_form', {}, 'allow');
    assert.equal(page.status, 302, page.html.slice(0, 2000));
    const callback = new URL(page.location);
    assert.equal(callback.searchParams.get('state'), 'jsforce-state');

    const conn = new jsforce.Connection({ oauth2: client, version: '59.0' });
    const info = await conn.authorize(callback.searchParams.get('code'));
    assert.deepEqual(info, { id: user.id, organizationId: org.org_id, url: `${org.login_url}/id/${org.org_id}/${user.id}` });
    assert.equal(conn.instanceUrl, org.instance_url);
    assert.match(conn.accessToken, ACCESS_TOKEN);
    assert.match(conn.refreshToken, REFRESH_TOKEN);
    assert.equal((await whoAmI(conn, user.id)).Username, user.username);
    const identity = await conn.identity();
    assert.equal(identity.user_id, user.id);
    assert.equal(identity.username, user.username);
  });

  test('a signed-in browser skips the login page, and an approved app skips consent', async () => {
    const browser = new Browser();
    const first = await authorize(user, { browser, state: 'a', challenge: pkce().challenge });
    assert.deepEqual(first.seen, ['login'], 'the user approved the app in an earlier test');
    const second = await authorize(user, { browser, state: 'b', challenge: pkce().challenge });
    assert.deepEqual(second.seen, [], 'the cookie signs the browser in');
    assert.equal(second.callback.searchParams.get('state'), 'b');
    assert.ok(second.callback.searchParams.get('code'));
  });

  test('denying consent redirects with error=access_denied and the state', async () => {
    const { callback, seen } = await authorize(user, { state: 'deny-me', challenge: pkce().challenge, prompt: 'consent', decision: 'deny' });
    assert.deepEqual(seen, ['login', 'consent'], 'prompt=consent shows the consent page again');
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.ok(callback.searchParams.get('error_description'), 'an error_description comes along');
    assert.equal(callback.searchParams.get('state'), 'deny-me');
    assert.equal(callback.searchParams.get('code'), null);
  });

  test('a wrong password shows the login page again with an error and a new form token', async () => {
    const browser = new Browser();
    const page = await browser.request(authorizeUrl({ state: 'x', challenge: pkce().challenge }));
    const token = Browser.form(page, 'login_form').inputs.find((i) => i.name === 'form_token').value;
    const again = await browser.submit(page, 'login_form', { username: user.username, pw: 'not-the-password' });
    assert.equal(again.status, 200);
    assert.match(again.html, /check your username and password/);
    const form = Browser.form(again, 'login_form');
    assert.notEqual(form.inputs.find((i) => i.name === 'form_token').value, token);
    assert.equal(form.inputs.find((i) => i.name === 'username').value, user.username, 'the username is kept');
    // The first page's token was used up.
    const replay = await browser.submit(page, 'login_form', { username: user.username, pw: user.password });
    assert.equal(replay.status, 400);
  });

  test('a form posted from another site is refused', async () => {
    const browser = new Browser();
    const page = await browser.request(authorizeUrl({ state: 'x', challenge: pkce().challenge }));
    const res = await browser.submit(page, 'login_form', { username: user.username, pw: user.password }, undefined, { origin: 'https://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.location, null);
  });

  test('an unregistered redirect_uri gets an error page, never a redirect', async () => {
    const res = await new Browser().request(authorizeUrl({ redirectUri: 'https://evil.example/cb', state: 'x' }));
    assert.equal(res.status, 400);
    assert.equal(res.location, null);
    assert.match(res.html, /redirect_uri_mismatch/);
  });
});

describe('jsforce refreshes the access token on 401 and retries', () => {
  let user;
  before(async () => {
    user = await newUser('refresh');
  });

  test('after the session expires, a query succeeds through a refresh', async () => {
    const { tokens } = await login(user);
    assertTokenResponse(tokens, user.id, { refresh: true });
    const { conn, refreshes } = refreshingConnection(tokens);
    assert.equal((await whoAmI(conn, user.id)).Username, user.username);
    assert.equal(refreshes.length, 0, 'no refresh while the token is good');

    await admin('POST', `/users/${encodeURIComponent(user.username)}/expire-sessions`);
    await rejectsWith(whoAmI(connect(tokens.access_token), user.id), 'INVALID_SESSION_ID');

    assert.equal((await whoAmI(conn, user.id)).Username, user.username);
    assert.equal(refreshes.length, 1, 'jsforce refreshed once');
    const [{ accessToken, res }] = refreshes;
    assert.match(accessToken, ACCESS_TOKEN);
    assert.notEqual(accessToken, tokens.access_token);
    assert.equal(conn.accessToken, accessToken);
    assert.equal(conn.refreshToken, tokens.refresh_token, 'the refresh token is kept');
    assertTokenResponse(res, user.id, { refresh: false });
    assert.deepEqual(conn.userInfo, { id: user.id, organizationId: org.org_id, url: res.id });
  });

  test('an injected 401 INVALID_SESSION_ID on a query makes jsforce refresh and retry', async () => {
    const { tokens } = await login(user);
    const { conn, refreshes } = refreshingConnection(tokens);
    const { id } = await admin('POST', '/faults', { path: '*/query*', errorCode: 'INVALID_SESSION_ID', times: 1 });
    const res = await conn.query('SELECT Id, Name FROM Account LIMIT 3');
    assert.equal(res.records.length, 3);
    assert.equal(refreshes.length, 1);
    assert.notEqual(refreshes[0].accessToken, tokens.access_token);
    const { faults } = await admin('GET', '/faults');
    assert.ok(!faults.some((f) => f.id === id), 'the fault was used up');
  });

  test('after the tokens are revoked, the refresh fails with invalid_grant', async () => {
    const { tokens } = await login(user);
    const { conn, refreshes } = refreshingConnection(tokens);
    await admin('POST', `/users/${encodeURIComponent(user.username)}/revoke-tokens`);
    const err = await rejects(whoAmI(conn, user.id));
    assert.equal(err.message, 'Unable to refresh session due to: expired access/refresh token');
    assert.equal(refreshes.length, 0);
    const direct = await rejects(oauth2().refreshToken(tokens.refresh_token));
    assert.equal(direct.name, 'invalid_grant');
    assert.equal(direct.message, 'expired access/refresh token');
  });
});

describe('the approval cap', () => {
  test('a sixth authorization-code login by the same user and app revokes the first refresh token', async () => {
    const user = await newUser('cap');
    const logins = [];
    for (let i = 0; i < 6; i++) {
      const { tokens, seen } = await login(user);
      assert.match(tokens.refresh_token, REFRESH_TOKEN);
      assert.deepEqual(seen, i === 0 ? ['login', 'consent'] : ['login'], `login ${i + 1}`);
      logins.push(tokens);
    }
    assert.equal(new Set(logins.map((t) => t.refresh_token)).size, 6, 'six different refresh tokens');

    const client = oauth2();
    const evicted = await rejects(client.refreshToken(logins[0].refresh_token));
    assert.equal(evicted.name, 'invalid_grant');
    assert.equal(evicted.message, 'expired access/refresh token');
    await rejectsWith(whoAmI(connect(logins[0].access_token), user.id), 'INVALID_SESSION_ID');

    for (const [i, t] of logins.slice(1).entries()) {
      const res = await client.refreshToken(t.refresh_token);
      assertTokenResponse(res, user.id, { refresh: false });
      assert.equal((await whoAmI(connect(t.access_token), user.id)).Username, user.username, `login ${i + 2}'s access token still works`);
    }
  });
});

describe('jsforce SOAP login', () => {
  test('login(username, password + security token) opens a session that queries and logs out', async () => {
    const conn = new jsforce.Connection({ loginUrl: org.login_url, version: '59.0' });
    const info = await conn.login(org.username, org.password + org.security_token);
    assert.equal(info.id, org.user_id);
    assert.equal(info.organizationId, org.org_id);
    assert.deepEqual(conn.userInfo, info);
    assert.equal(conn.instanceUrl, org.instance_url);
    assert.match(conn.accessToken, ACCESS_TOKEN);
    assert.notEqual(conn.accessToken, org.access_token);

    const me = await whoAmI(conn, org.user_id);
    assert.equal(me.Username, org.username);
    const token = conn.accessToken;

    await conn.logout();
    assert.equal(conn.accessToken, null);
    await rejectsWith(whoAmI(connect(token), org.user_id), 'INVALID_SESSION_ID');
    // The ready file's session is untouched.
    assert.equal((await whoAmI(connect(), org.user_id)).Username, org.username);
  });

  test('a created user logs in with its own password and security token', async () => {
    const user = await newUser('soap');
    const conn = new jsforce.Connection({ loginUrl: org.login_url, version: '59.0' });
    const info = await conn.login(user.username, user.password + user.securityToken);
    assert.equal(info.id, user.id);
    assert.equal((await whoAmI(conn, user.id)).Username, user.username);
    await conn.logout();
  });

  test('a wrong password, or the password without the security token, is INVALID_LOGIN', async () => {
    for (const password of ['wrong-password' + org.security_token, org.password]) {
      const conn = new jsforce.Connection({ loginUrl: org.login_url, version: '59.0' });
      const err = await rejects(conn.login(org.username, password));
      assert.equal(err.message, 'INVALID_LOGIN: Invalid username, password, security token; or user locked out.');
      assert.equal(conn.accessToken, undefined);
    }
  });
});

describe('faults and org settings seen by jsforce', () => {
  test('a 503 once on a query: jsforce retries it and gets the answer', async () => {
    const conn = connect();
    const { id } = await admin('POST', '/faults', { path: '*/query*', status: 503, times: 1 });
    const res = await conn.query('SELECT Id FROM Account LIMIT 2');
    assert.equal(res.records.length, 2);
    const { faults } = await admin('GET', '/faults');
    assert.ok(!faults.some((f) => f.id === id), 'the query met the fault once');
  });

  test('a 503 on a query without retries surfaces SERVER_UNAVAILABLE', async () => {
    const conn = connect();
    await admin('POST', '/faults', { method: 'GET', path: '*/query*', status: 503, times: 1 });
    const url = `/services/data/v59.0/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`;
    const err = await rejectsWith(conn.request(url, { retry: { maxRetries: 0 } }), 'SERVER_UNAVAILABLE');
    assert.match(err.message, /temporarily unavailable/);
    const ok = await conn.request(url, { retry: { maxRetries: 0 } });
    assert.equal(ok.records.length, 1, 'the fault was used up');
  });

  test('a 503 on a create surfaces SERVER_UNAVAILABLE and creates nothing', async () => {
    const conn = connect();
    const name = uniqueName('E2E Fault');
    await admin('POST', '/faults', { method: 'POST', path: '*/sobjects/Account', status: 503, times: 1 });
    const err = await rejectsWith(conn.sobject('Account').create({ Name: name }), 'SERVER_UNAVAILABLE');
    assert.match(err.message, /temporarily unavailable/);
    const found = await conn.query(`SELECT count() FROM Account WHERE Name = '${name}'`);
    assert.equal(found.totalSize, 0);
  });

  test('over the daily API limit every call is REQUEST_LIMIT_EXCEEDED', async () => {
    const conn = connect();
    await withSettings({ dailyApiLimit: 50, apiUsage: 49 }, async () => {
      await conn.query('SELECT Id FROM Account LIMIT 1');
      assert.deepEqual(conn.limitInfo.apiUsage, { used: 50, limit: 50 }, 'Sforce-Limit-Info counts the last call allowed');
      const err = await rejectsWith(conn.query('SELECT Id FROM Account LIMIT 1'), 'REQUEST_LIMIT_EXCEEDED');
      assert.match(err.message, /TotalRequests Limit exceeded/);
      await rejectsWith(conn.limits(), 'REQUEST_LIMIT_EXCEEDED');
      const settings = await admin('GET', '/settings');
      assert.equal(settings.apiUsage, 50, 'refused calls are not counted');
    });
    await conn.query('SELECT Id FROM Account LIMIT 1');
  });

  test('with the API disabled every call is API_DISABLED_FOR_ORG', async () => {
    const conn = connect();
    await withSettings({ apiEnabled: false }, async () => {
      await rejectsWith(conn.query('SELECT Id FROM Account LIMIT 1'), 'API_DISABLED_FOR_ORG');
      await rejectsWith(conn.sobject('Account').create({ Name: uniqueName('E2E Disabled') }), 'API_DISABLED_FOR_ORG');
    });
    const res = await conn.query('SELECT Id FROM Account LIMIT 1');
    assert.equal(res.records.length, 1, 'the API works again');
  });

  test('a field hidden by field-level security leaves describe and fails queries with INVALID_FIELD', async () => {
    const conn = connect();
    const fieldNames = async () => (await connect().describe('Task')).fields.map((f) => f.name);
    assert.ok((await fieldNames()).includes('Type'), 'Task.Type is visible at first');
    await admin('POST', '/fields/hide', { object: 'Task', field: 'Type' });
    try {
      assert.ok(!(await fieldNames()).includes('Type'), 'describe lacks Task.Type');
      await rejectsWith(conn.query('SELECT Id, Type FROM Task LIMIT 1'), 'INVALID_FIELD');
      const res = await conn.query('SELECT Id, Subject FROM Task LIMIT 1');
      assert.equal(res.records[0].Type, undefined);
    } finally {
      await admin('POST', '/fields/show', { object: 'Task', field: 'Type' });
    }
    assert.ok((await fieldNames()).includes('Type'), 'Task.Type is back');
    await conn.query('SELECT Id, Type FROM Task LIMIT 1');
  });
});
