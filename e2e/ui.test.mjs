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
   * throughSalesforce gets a browser that was sent to Salesforce's authorize
   * page back to sfbridge: it logs in and allows only where Salesforce asks
   * (a signed-in user who already allowed the app goes straight back).
   */
  async function throughSalesforce(p, user) {
    const back = `${ready.api_url}/ui/`;
    for (let i = 0; i < 3 && !p.url().startsWith(back); i++) {
      await p.waitForLoadState();
      if (p.url().startsWith(back)) break;
      if (await p.locator('#username').count()) {
        await p.fill('#username', user.username);
        await p.fill('#password', user.password);
        await Promise.all([p.waitForNavigation(), p.click('#Login')]);
      } else if (await p.locator('#oaapprove').count()) {
        await checkScreen(p, 'salesforce-allow-again');
        await Promise.all([p.waitForURL(`${back}**`), p.click('#oaapprove')]);
      } else {
        await p.waitForURL((u) => u.href.startsWith(back) || u.pathname.includes('/oauth2/') || u.pathname.includes('/login'), { timeout: 15000 });
      }
    }
    await p.waitForURL(`${back}**`);
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

  /** section opens a tab of an integration's pages from its tab bar. */
  async function section(p, id, label) {
    if (!new URL(p.url()).pathname.startsWith(`/ui/integrations/${id}`) || !(await p.locator('nav.tabs').count())) {
      await p.goto(`${ready.api_url}/ui/integrations/${id}`);
    }
    await p.getByRole('navigation', { name: 'Integration sections' }).getByRole('link', { name: label, exact: true }).click();
    await p.locator('.tabs a[aria-current="page"]', { hasText: label }).waitFor();
  }

  /** syncNow runs a sync of the integration over the API, waiting out a scheduled one. */
  async function syncNow(id) {
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${ready.api_url}${ws()}/connections/${id}/sync`, {
        method: 'POST', headers: { Authorization: `Bearer ${ready.admin_api_key}` },
      });
      if (res.status !== 409) {
        const text = await res.text();
        assert.ok(res.ok, `sync: ${res.status} ${text}`);
        return JSON.parse(text);
      }
      await sleep(500);
    }
    throw new Error('a sync kept running for 30 s');
  }

  test('sync settings: turn contacts on and save', async () => {
    await section(page, salesID, 'Sync');
    await checkScreen(page, 'sync');
    await page.getByLabel('Contacts (Contact)').check();
    await page.getByText('You have unsaved changes.').waitFor();
    await page.getByLabel('Contacts: changes').selectOption({ label: '↔ Both ways' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Sync settings saved.').waitFor();
    assert.equal(await page.getByLabel('Contacts (Contact)').isChecked(), true);
    const objects = await api('GET', `${ws()}/connections/${salesID}/objects`);
    const contact = objects.data.find((o) => o.object === 'Contact');
    assert.ok(contact && contact.enabled, `Contact after save: ${JSON.stringify(objects)}`);
    assert.equal(contact.update_direction, 'both');
    await checkScreen(page, 'sync-saved');

    // The same page on a phone: nothing wider than the screen.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    watch(phone);
    await phone.goto(page.url());
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the Sync page is ${overflow}px wider than a phone's screen`);
    await checkScreen(phone, 'sync-phone');
    await phone.close();
  });

  test('mapping: change a field\'s direction and save; it stays saved', async () => {
    await section(page, salesID, 'Mapping');
    await page.getByRole('navigation', { name: 'Objects' }).getByRole('link', { name: 'Contacts' }).click();
    await page.locator('#dir-email').waitFor();
    await checkScreen(page, 'mapping');
    // Only compatible Salesforce fields are offered for an email field.
    const offered = await page.locator('#sf-email option').allInnerTexts();
    assert.ok(offered.some((o) => /\(Email\)/.test(o)), `email choices: ${offered}`);
    assert.ok(!offered.some((o) => /\(Birthdate\)|\(IsDeleted\)/.test(o)), `email offered an incompatible field: ${offered}`);
    await page.locator('#dir-email').selectOption('inbound');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Field mappings of Contacts saved.').waitFor();
    await page.reload();
    assert.equal(await page.locator('#dir-email').inputValue(), 'inbound');
    const mappings = await api('GET', `${ws()}/connections/${salesID}/mappings`);
    const email = mappings.data.find((m) => m.object === 'Contact' && m.app_field === 'email');
    assert.equal(email?.direction, 'inbound', JSON.stringify(email));
    await checkScreen(page, 'mapping-saved');
  });

  test('an error the org was told to cause shows why and how to fix it; fixed and retried, it is gone', async () => {
    const rule = { object: 'Contact', name: 'No_Blocked_Title', errorCondition: "Title = 'Blocked'", message: 'Title may not be Blocked.', field: 'Title' };
    await emu('POST', '/validation-rules', rule);
    const rec = await api('POST', `${ws()}/records/contact`, { fields: { first_name: 'Bea', last_name: `Blocked ${Date.now()}`, email: `bea-${Date.now()}@example.com`, title: 'Blocked' } });
    await syncNow(ready.connection_id);
    await section(page, ready.connection_id, 'Errors');
    const failure = page.locator('article.failure', { hasText: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
    await failure.waitFor();
    assert.match(await failure.locator('dd.failure-cause').innerText(), /Title may not be Blocked/);
    assert.ok((await failure.locator('dd.failure-fix').innerText()).trim().length > 10, 'no fix shown');
    await checkScreen(page, 'errors');

    // The fix: the org's admin removes the rule; then Retry.
    await emu('DELETE', `/validation-rules/${rule.object}/${rule.name}`);
    await failure.getByRole('button', { name: 'Retry' }).click();
    await page.getByText(/queued to be sent to Salesforce again/).waitFor();
    await syncNow(ready.connection_id);
    await page.reload();
    await page.getByText('No sync errors.').waitFor();
    const after = await api('GET', `${ws()}/records/contact/${rec.id}`);
    assert.ok(after, 'the record is still in the app');
    await checkScreen(page, 'errors-fixed');
  });

  test('a one-time operation shows live progress to the end', async () => {
    await section(page, ready.connection_id, 'One-time operations');
    await checkScreen(page, 'operations');
    await page.locator('#start-pull_all').click();
    await page.getByText(/^Pull all started/).waitFor();
    const row = page.locator('tr.op').first();
    await row.locator('[data-op="status"]', { hasText: 'Succeeded' }).waitFor({ timeout: 60000 });
    assert.equal((await row.locator('[data-op="percent"]').innerText()).trim(), '100%');
    const bar = row.locator('progress');
    assert.equal(await bar.getAttribute('value'), await bar.getAttribute('max'));
    await checkScreen(page, 'operations-done');
  });

  test('doctor: run the checks and see the verdict', async () => {
    await section(page, ready.connection_id, 'Doctor');
    await page.locator('#doctor-run').click();
    await page.locator('#doctor-verdict').waitFor();
    assert.match(await page.locator('#doctor-verdict').innerText(), /check/i);
    await checkScreen(page, 'doctor');
  });

  test('disconnect through the dialog removes the mappings; reconnect and restore them', async () => {
    await section(page, salesID, 'Overview');
    await page.getByRole('link', { name: 'Disconnect' }).click();
    const dialog = page.locator('#disconnect-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Field mappings will be removed/);
    await checkScreen(page, 'disconnect-dialog');
    await dialog.getByRole('button', { name: 'I understand, disconnect Salesforce' }).click();
    await page.getByText(/Salesforce disconnected\. \d+ field mappings removed/).waitFor();
    await checkScreen(page, 'disconnected');
    const mappings = await api('GET', `${ws()}/connections/${salesID}/mappings`);
    assert.equal(mappings.data.length, 0, 'mappings left after disconnect');
    await section(page, salesID, 'Mapping');
    await page.getByRole('heading', { name: 'No field mappings' }).waitFor();
    await checkScreen(page, 'mapping-after-disconnect');

    // Reconnect through Salesforce again.
    await section(page, salesID, 'Overview');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(ready.emulator.instance_url) || u.href.startsWith(`${ready.api_url}/ui/integrations?`));
    await throughSalesforce(page, salesUser);
    await page.getByText('Salesforce connected: Sales org').waitFor();
    await section(page, salesID, 'Mapping');
    await page.getByRole('button', { name: 'Use the default mappings' }).click();
    await page.getByText(/^Default mappings restored: \d+ field mappings for Contacts\./).waitFor();
    assert.ok((await api('GET', `${ws()}/connections/${salesID}/mappings`)).data.length > 0);
    await checkScreen(page, 'mapping-restored');
  });

  test('owner settings: a default owner saved explicitly, with the unsaved-changes warning on the way', async () => {
    await section(page, salesID, 'Owner settings');
    await checkScreen(page, 'owners');
    const note = page.getByText('You have unsaved changes.');
    assert.equal(await note.isVisible(), false, 'no unsaved note before a change');
    await page.getByLabel('One default owner').check();
    const owner = page.getByLabel('Default owner', { exact: true });
    const ownerValue = await owner.locator('option', { hasText: salesUser.username }).getAttribute('value');
    await owner.selectOption(ownerValue);
    await note.waitFor();
    await checkScreen(page, 'owners-unsaved');

    // Leaving asks first; staying keeps the edits.
    let asked = 0;
    const stay = async (dialog) => { asked += 1; assert.equal(dialog.type(), 'beforeunload'); await dialog.dismiss(); };
    page.once('dialog', stay);
    await page.getByRole('link', { name: 'Sourcing exclusions', exact: true }).click();
    await sleep(500);
    assert.equal(asked, 1, 'leaving with unsaved changes did not ask');
    assert.match(page.url(), /\/owners$/);
    assert.equal(await page.getByLabel('One default owner').isChecked(), true);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Owner settings saved.').waitFor();
    assert.equal(await page.getByLabel('One default owner').isChecked(), true, 'the saved policy is shown');
    assert.equal(await note.isVisible(), false);
    const c = await api('GET', `${ws()}/connections/${salesID}`);
    assert.equal(c.owner_policy, 'fixed', JSON.stringify(c));
    assert.match(c.fixed_owner_id, /^005/);

    await page.getByRole('button', { name: 'Sync users' }).click();
    await page.getByText(/^Users synced:/).waitFor();
    await checkScreen(page, 'owners-saved-users-synced');
  });

  test('sourcing exclusions: add a rule, then delete it through its dialog', async () => {
    await section(page, salesID, 'Sourcing exclusions');
    await page.getByLabel('Name (optional)').fill('Competitors');
    await page.getByLabel('Account type').check();
    await page.getByLabel('Values').fill('Competitor');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const row = page.locator('tr', { hasText: 'Competitors' });
    await row.waitFor();
    await checkScreen(page, 'exclusions-added');
    await row.getByRole('button', { name: /^Delete rule Competitors/ }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await checkScreen(page, 'exclusions-delete-dialog');
    await dialog.getByRole('button', { name: /^Delete rule/ }).click();
    await page.waitForLoadState();
    await page.locator('tr', { hasText: 'Competitors' }).waitFor({ state: 'detached' });
  });

  test('a failing sync shows a banner whose "here" link leads to the fix', async () => {
    // Salesforce revokes the demo user's tokens: the demo integration's
    // next call fails and it turns Not Synced.
    await emu('POST', `/users/${encodeURIComponent(ready.emulator.username)}/revoke-tokens`);
    await page.goto(`${ready.api_url}/ui/integrations`);
    await page.locator(`#integration-${ready.connection_id}`).getByRole('button', { name: 'Test Connection' }).click();
    const banner = page.locator('.banner', { hasText: 'Demo Salesforce org' });
    await banner.waitFor();
    await checkScreen(page, 'banner');
    await banner.getByRole('link', { name: 'here' }).click();
    await page.waitForURL(`**/ui/integrations/${ready.connection_id}`);
    await page.getByText('Not Synced').first().waitFor();
    await checkScreen(page, 'banner-target');

    // The fix: Re-generate token, logging in as the org's user in a fresh
    // browser profile (this one is signed in to Salesforce as another user).
    const fixContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const fix = await fixContext.newPage();
    watch(fix);
    await fix.goto((await api('POST', `${ws()}/ui-sessions`, {})).url);
    await fix.goto(`${ready.api_url}/ui/integrations/${ready.connection_id}`);
    await fix.getByRole('button', { name: 'Re-generate token' }).click();
    await fix.waitForSelector('#username');
    await throughSalesforce(fix, { username: ready.emulator.username, password: ready.emulator.password });
    await fix.getByText('Salesforce connected: Demo Salesforce org').waitFor();
    assert.equal(await fix.locator('.banner').count(), 0, 'the banner is gone once the integration syncs again');
    await checkScreen(fix, 'banner-fixed');
    await fixContext.close();
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
