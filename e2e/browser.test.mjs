// browser.test.mjs drives the emulator's OAuth login and consent pages in a
// real browser (Debian's Chromium through playwright-core): what a person
// connecting an org sees and clicks. The HTTP-client tests in
// oauth.test.mjs cover the protocol; this file checks that a browser, with
// its own rules for forms, cookies, Origin and redirects, gets through.
//
// Chromium comes from the system (apt-get install chromium; .ci/run installs
// it). Without it the tests are skipped with a message, except under CI=true,
// where they fail.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { readyInfo, uniqueName } from './emulator.mjs';

const org = readyInfo();
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const haveBrowser = existsSync(executablePath);
if (!haveBrowser && process.env.CI === 'true') {
  throw new Error(`Chromium is missing at ${executablePath}: .ci/run installs it with apt-get install chromium`);
}
const skip = haveBrowser ? false : `Chromium not found at ${executablePath} (apt-get install chromium); set CHROMIUM_PATH to use another`;

// The flags a root, offline, headless run needs.
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const shots = process.env.E2E_SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

/** admin calls the emulator's admin API. */
async function admin(method, path, body) {
  const res = await fetch(`${org.instance_url}/__sfemu${path}`, {
    method,
    headers: { Authorization: `Bearer ${org.admin_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `admin ${method} ${path}: ${res.status} ${text}`);
  return text === '' ? null : JSON.parse(text);
}

/** pkce returns a verifier and its S256 challenge. */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * startCallbackServer plays the connecting app's callback endpoint: it
 * records every visit and answers a plain page, as an app would after
 * taking the code.
 */
async function startCallbackServer() {
  const visits = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url, 'http://callback.invalid');
    // Browsers also ask a new host for /favicon.ico; only the callback
    // path counts as a visit.
    if (u.pathname !== '/oauth/callback') {
      res.writeHead(404).end();
      return;
    }
    visits.push(u);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('callback reached');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/oauth/callback`;
  return { url, visits, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('OAuth pages in Chromium', { skip }, () => {
  let browser;
  let callback;
  // A connected app whose callback is this test's own server.
  const app = { name: 'Browser Test App', clientId: `browser.test.${process.pid}`, clientSecret: randomBytes(16).toString('hex') };

  function authorizeURL(state, challenge, extra = '', redirectURI = callback.url) {
    const q = new URLSearchParams({
      response_type: 'code', client_id: app.clientId, redirect_uri: redirectURI,
      state, code_challenge: challenge, code_challenge_method: 'S256',
    });
    return `${org.instance_url}/services/oauth2/authorize?${q}${extra}`;
  }
  const user = { username: `${uniqueName('browser').replace(/\W+/g, '.').toLowerCase()}@sfemu.example`, password: 'Browser-Passw0rd', token: 'BROWSERTOKEN1' };

  before(async () => {
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
    callback = await startCallbackServer();
    await admin('POST', '/apps', { ...app, callbackUrls: [callback.url] });
    await admin('POST', '/users', { username: user.username, password: user.password, securityToken: user.token, lastName: 'Browser' });
  });
  after(async () => {
    await browser?.close();
    await callback?.close();
  });

  /** newPage opens a page in a fresh browser profile (no cookies). */
  async function newPage() {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    return { context, page: await context.newPage() };
  }

  /** clickThrough clicks and waits until the browser lands on the callback. */
  async function clickThrough(page, selector) {
    const before = callback.visits.length;
    await Promise.all([page.waitForURL(`${callback.url}**`), page.click(selector)]);
    assert.equal(callback.visits.length, before + 1, 'the callback was visited once');
    return callback.visits.at(-1);
  }

  async function shot(page, name) {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  }

  test('a person logs in, allows access, and the app gets a code that works', async () => {
    const { context, page } = await newPage();
    const { verifier, challenge } = pkce();
    await page.goto(authorizeURL('browser-state-1', challenge));
    await shot(page, 'login');
    assert.match(await page.title(), /log ?in/i);

    // A wrong password brings the page back with an error.
    await page.fill('#username', user.username);
    await page.fill('#password', 'not-the-password');
    await page.click('#Login');
    await page.waitForLoadState();
    await shot(page, 'login-error');
    assert.ok(await page.locator('#password').isVisible(), 'the login page is shown again');
    assert.match(await page.textContent('body'), /password|username/i);

    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#Login');
    await page.waitForSelector('#oaapprove');
    await shot(page, 'consent');
    assert.match(await page.textContent('body'), new RegExp(user.username.replace(/\./g, '\\.')));

    const back = await clickThrough(page, '#oaapprove');
    await shot(page, 'callback');
    assert.equal(back.pathname, new URL(callback.url).pathname);
    assert.equal(back.searchParams.get('state'), 'browser-state-1');
    const code = back.searchParams.get('code');
    assert.ok(code, 'the redirect carries a code');

    // The app exchanges the code, with the verifier, for a working token.
    const res = await fetch(`${org.instance_url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, code_verifier: verifier,
        client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: callback.url,
      }),
    });
    const tok = await res.json();
    assert.equal(res.status, 200, JSON.stringify(tok));
    assert.ok(tok.refresh_token, 'a refresh token comes with the refresh_token scope');
    const me = await fetch(`${org.instance_url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${tok.access_token}` } });
    assert.equal((await me.json()).preferred_username, user.username);
    await context.close();
  });

  test('a person who denies access sends the app back with access_denied', async () => {
    const { context, page } = await newPage();
    const { challenge } = pkce();
    await page.goto(authorizeURL('browser-state-2', challenge, '&prompt=consent'));
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    await page.click('#Login');
    await page.waitForSelector('#oadeny');
    const back = await clickThrough(page, '#oadeny');
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 'browser-state-2');
    assert.equal(back.searchParams.get('code'), null);
    await context.close();
  });

  test('an unregistered redirect URI gets an error page, not a redirect', async () => {
    const { context, page } = await newPage();
    const { challenge } = pkce();
    const visits = callback.visits.length;
    const res = await page.goto(authorizeURL('browser-state-3', challenge, '', 'https://evil.example/cb'));
    await shot(page, 'redirect-mismatch');
    assert.ok(res.status() >= 400, `status ${res.status()}`);
    assert.match(await page.textContent('body'), /redirect_uri/i);
    assert.equal(callback.visits.length, visits, 'no redirect happened');
    await context.close();
  });
});
