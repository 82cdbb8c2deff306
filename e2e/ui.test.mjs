// ui.test.mjs walks sfbridge's admin UI in a real browser (Debian's Chromium
// through playwright-core), against `sfbridge demo`: the emulated org, the
// service on SQLite and the first sync, as a person would find them. It adds
// an integration through the emulator's login and Allow pages, tests it,
// configures it, sees an error the emulator was told to cause and fixes it,
// runs a one-time operation to the end, disconnects and reconnects, and does
// the add flow again with the keyboard alone. Every screen is saved as a
// screenshot (E2E_SCREENSHOT_DIR/ui) for a person to look at.
//
// run.sh exports SFBRIDGE_BIN (the binary it built). Without Chromium the
// tests are skipped with a message, except under CI=true, where they fail.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const haveBrowser = existsSync(executablePath);
if (!haveBrowser && process.env.CI === 'true') {
  throw new Error(`Chromium is missing at ${executablePath}: .ci/run installs it with apt-get install chromium`);
}
const bin = process.env.SFBRIDGE_BIN;
if (!bin && process.env.CI === 'true') {
  throw new Error('SFBRIDGE_BIN is not set: run the suite with `bash e2e/run.sh`');
}
const skip = !haveBrowser ? `Chromium not found at ${executablePath} (apt-get install chromium); set CHROMIUM_PATH to use another`
  : !bin ? 'SFBRIDGE_BIN is not set: run the suite with `bash e2e/run.sh`' : false;

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const shotDir = process.env.E2E_SCREENSHOT_DIR ? join(process.env.E2E_SCREENSHOT_DIR, 'ui') : null;
if (shotDir) mkdirSync(shotDir, { recursive: true });
let shotN = 0;

/** shot saves a full-page screenshot of what the person sees now. */
async function shot(page, name) {
  if (!shotDir) return;
  shotN += 1;
  await page.screenshot({ path: join(shotDir, `${String(shotN).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/**
 * startDemo runs `sfbridge demo` on free ports with a fresh data folder and
 * returns its ready file's contents and a stop function.
 */
async function startDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'sfbridge-ui-'));
  const readyFile = join(dir, 'ready.json');
  let log = '';
  const child = spawn(bin, ['demo', '--data-dir', join(dir, 'data'), '--listen', '127.0.0.1:0', '--ready-file', readyFile],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  const deadline = Date.now() + 90_000;
  while (!existsSync(readyFile)) {
    if (exited !== null) throw new Error(`sfbridge demo exited ${exited} before it was ready:\n${log}`);
    if (Date.now() > deadline) throw new Error(`sfbridge demo was not ready within 90 s:\n${log}`);
    await sleep(100);
  }
  const ready = JSON.parse(readFileSync(readyFile, 'utf8'));
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
      if (exited === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { ready, stop, log: () => log };
}

describe('admin UI in a browser', { skip }, () => {
  let demo;
  let ready;
  let browser;
  let context;
  let page;
  const cspErrors = [];

  /** api calls sfbridge's API with the admin key. */
  async function api(method, path, body) {
    const res = await fetch(`${ready.api_url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${ready.admin_api_key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `API ${method} ${path}: ${res.status} ${text}`);
    return text === '' ? null : JSON.parse(text);
  }

  /** emu calls the emulated org's admin API. */
  async function emu(method, path, body) {
    const res = await fetch(`${ready.emulator.instance_url}/__sfemu${path}`, {
      method,
      headers: { Authorization: `Bearer ${ready.emulator.admin_token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `emulator admin ${method} ${path}: ${res.status} ${text}`);
    return text === '' ? null : JSON.parse(text);
  }

  const ws = () => `/v1/workspaces/${ready.workspace_id}`;

  /** watch fails the run on any Content-Security-Policy violation a page reports. */
  function watch(p) {
    p.on('console', (msg) => {
      if (/Content.Security.Policy|Refused to/i.test(msg.text())) cspErrors.push(`${p.url()}: ${msg.text()}`);
    });
    p.on('pageerror', (err) => cspErrors.push(`${p.url()}: script error ${err.message}`));
  }

  /** unlabeled lists the visible form controls a screen reader could not name. */
  async function unlabeled(p) {
    return p.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
        if (el.closest('dialog:not([open])') || el.offsetParent === null) continue;
        const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.labels && el.labels.length > 0);
        if (!named) out.push(el.outerHTML.slice(0, 120));
      }
      return out;
    });
  }

  /** checkScreen asserts what every screen must be: labeled, CSP-clean. */
  async function checkScreen(p, name) {
    assert.deepEqual(await unlabeled(p), [], `${name}: form controls without a label`);
    assert.deepEqual(cspErrors, [], `${name}: CSP violations or script errors`);
    await shot(p, name);
  }

  /** salesforceLogin plays the person at the emulator's login and Allow pages. */
  async function salesforceLogin(p, user) {
    await p.waitForSelector('#username');
    await checkScreen(p, 'salesforce-login');
    await p.fill('#username', user.username);
    await p.fill('#password', user.password);
    await Promise.all([p.waitForSelector('#oaapprove'), p.click('#Login')]);
    await checkScreen(p, 'salesforce-allow');
    await Promise.all([p.waitForURL(`${ready.api_url}/ui/**`), p.click('#oaapprove')]);
  }

  /**
   * tabTo presses Tab until the focused element matches what (a CSS
   * selector, checked with matches()) and returns how many presses it took;
   * it fails after 60, so everything reached this way is keyboard-reachable.
   */
  async function tabTo(p, what) {
    for (let i = 1; i <= 60; i++) {
      await p.keyboard.press('Tab');
      if (await p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, what)) return i;
    }
    throw new Error(`Tab never reached ${what} on ${p.url()}`);
  }

  // A second Salesforce user connects the new integration, so revoking the
  // demo user's tokens later breaks only the demo's integration.
  const salesUser = { username: `ui-admin-${Date.now()}@sfemu.test`, password: 'Ui-Test-Pass-1' };
  // The keyboard flow logs in as a third user: Salesforce skips the Allow
  // page for a user who already allowed the app.
  const kbUser = { username: `ui-keys-${Date.now()}@sfemu.test`, password: 'Ui-Test-Pass-2' };

  before(async () => {
    demo = await startDemo();
    ready = demo.ready;
    for (const [u, first] of [[salesUser, 'Uma'], [kbUser, 'Kim']]) {
      await emu('POST', '/users', { username: u.username, password: u.password, email: u.username,
        firstName: first, lastName: 'Admin', profile: 'System Administrator' });
    }
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch(page);
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  test('the session link opens Settings > Integrations with the demo integration', async () => {
    await page.goto(ready.ui_url);
    assert.match(page.url(), /\/ui\/integrations$/);
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    const card = page.locator('.card', { hasText: 'Demo Salesforce org' });
    await card.getByText('Synced', { exact: true }).waitFor();
    await checkScreen(page, 'integrations');
  });

  let salesID;
  test('add an integration through the Salesforce login and Allow pages', async () => {
    await page.getByRole('link', { name: '+ Add integration' }).click();
    await page.getByLabel('Name').fill('Sales org');
    await page.getByLabel('Capability').selectOption({ label: 'CRM' });
    await checkScreen(page, 'add-basic');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Environment').waitFor();
    await page.getByLabel('Pull Record By').selectOption({ label: 'Last modified time' });
    await checkScreen(page, 'add-authentication');
    await page.getByRole('button', { name: 'Connect' }).click();
    await salesforceLogin(page, salesUser);
    await page.getByText(`Salesforce connected: Sales org is connected as ${salesUser.username}.`).waitFor();
    // The new integration is at the top of the list.
    const first = page.locator('.card').first();
    assert.match(await first.locator('.card-head h2').innerText(), /Sales org/);
    await first.getByText('Synced', { exact: true }).waitFor();
    salesID = (await first.getAttribute('id')).replace('integration-', '');
    await checkScreen(page, 'added');
  });

  test('Test Connection shows its result on the card', async () => {
    const card = page.locator(`#integration-${salesID}`);
    await card.getByRole('button', { name: 'Test Connection' }).click();
    await page.locator(`#integration-${salesID} .result-ok`).waitFor();
    assert.match(await page.locator(`#integration-${salesID} .result-ok`).innerText(), /API requests today: \d+ of \d+/);
    await checkScreen(page, 'test-connection');
  });

  test('the add-integration flow with the keyboard alone', async () => {
    // A fresh browser profile: no Salesforce session yet, so the login and
    // Allow pages show, and a new session link from the host.
    const kbContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const kb = await kbContext.newPage();
    watch(kb);
    const link = await api('POST', `${ws()}/ui-sessions`, {});
    await kb.goto(link.url);
    await kb.waitForURL('**/ui/integrations');
    await tabTo(kb, 'a[href="/ui/integrations/new"]');
    await Promise.all([kb.waitForURL('**/ui/integrations/new'), kb.keyboard.press('Enter')]);
    await tabTo(kb, '#name');
    await kb.keyboard.type('Keyboard org');
    await tabTo(kb, '#capability');
    await tabTo(kb, 'button[type=submit]');
    await Promise.all([kb.waitForURL('**/ui/integrations/new/auth**'), kb.keyboard.press('Enter')]);
    await tabTo(kb, '#environment');
    await tabTo(kb, 'button[type=submit]');
    await checkScreen(kb, 'keyboard-authentication-focused');
    await Promise.all([kb.waitForSelector('#username'), kb.keyboard.press('Enter')]);
    await tabTo(kb, '#username');
    await kb.keyboard.type(kbUser.username);
    await tabTo(kb, '#password');
    await kb.keyboard.type(kbUser.password);
    await Promise.all([kb.waitForSelector('#oaapprove'), kb.keyboard.press('Enter')]);
    await tabTo(kb, '#oaapprove');
    await Promise.all([kb.waitForURL(`${ready.api_url}/ui/**`), kb.keyboard.press('Enter')]);
    await kb.getByText('Salesforce connected: Keyboard org is connected as').waitFor();
    assert.match(await kb.locator('.card .card-head h2').first().innerText(), /Keyboard org/);
    await checkScreen(kb, 'keyboard-added');

    // Delete it with the keyboard too: the dialog opens, Tab reaches the
    // confirmation, and the integration is gone.
    const id = (await kb.locator('.card').first().getAttribute('id')).replace('integration-', '');
    await tabTo(kb, `a[href="/ui/integrations/${id}/delete"]`);
    await kb.keyboard.press('Enter');
    await kb.locator(`#delete-dialog-${id}`).waitFor();
    await checkScreen(kb, 'keyboard-delete-dialog');
    await tabTo(kb, `#delete-dialog-${id} button.danger`);
    await Promise.all([kb.waitForURL('**/ui/integrations?deleted=1'), kb.keyboard.press('Enter')]);
    await kb.getByText('Integration deleted.').waitFor();
    assert.equal(await kb.locator(`#integration-${id}`).count(), 0);
    await kbContext.close();
  });
});
