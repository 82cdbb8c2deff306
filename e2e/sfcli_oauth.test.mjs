// sfcli_oauth.test.mjs logs the Salesforce CLI (`sf`) in to the emulator the
// way a CI job does: `sf org login jwt` with the demo app's client id and the
// private key whose certificate run.sh registered on the app (--jwt-cert),
// then uses the org. It has its own CLI home, so its login of the admin user
// does not replace the access-token login of sfcli.test.mjs.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readyInfo } from './emulator.mjs';
import { sfHome, describeRun, trimSlash } from './sf.mjs';

const org = readyInfo();
const keyFile = process.env.E2E_JWT_KEY_FILE;
const alias = 'emujwt';
const { sf, sfOk, cleanup } = sfHome('sf-jwt-home-');

describe('sf org login jwt', () => {
  after(cleanup);

  test('run.sh made a JWT key and the ready file names the demo app', () => {
    assert.ok(keyFile, 'E2E_JWT_KEY_FILE is set: run the suite with `bash e2e/run.sh`');
    assert.ok(org.client_id, 'the ready file has client_id');
  });

  test('org login jwt signs in the admin user with the demo app and the private key', async () => {
    const result = await sfOk([
      'org', 'login', 'jwt',
      '--client-id', org.client_id,
      '--jwt-key-file', keyFile,
      '--username', org.username,
      '--instance-url', org.instance_url,
      '--alias', alias,
    ]);
    assert.equal(result.username, org.username);
    assert.equal(result.orgId, org.org_id);
    assert.equal(trimSlash(result.instanceUrl), org.instance_url);
    assert.equal(result.clientId, org.client_id);
  });

  test('org display shows the JWT-authorized org as Connected', async () => {
    // org display first refreshes the auth, which for a JWT login is a new
    // JWT bearer grant; SF_TEMP_SHOW_SECRETS lets it print the access token.
    const args = ['org', 'display', '--target-org', alias, '--json'];
    const run = await sf(args, { env: { SF_TEMP_SHOW_SECRETS: 'true' } });
    assert.equal(run.code, 0, describeRun(args, run));
    assert.equal(run.json?.status, 0, describeRun(args, run));
    const warnings = (run.json.warnings ?? []).map(String);
    assert.ok(!warnings.some((w) => /unable to refresh auth/i.test(w)), `the JWT grant was repeated: ${warnings.join('; ')}`);
    const result = run.json.result;
    assert.equal(result.username, org.username);
    assert.equal(result.id, org.org_id);
    assert.equal(result.alias, alias);
    assert.equal(result.connectedStatus, 'Connected');
    assert.equal(trimSlash(result.instanceUrl), org.instance_url);
    assert.equal(result.clientId, org.client_id);
    assert.match(result.accessToken ?? '', new RegExp(`^${org.org_id.slice(0, 15)}!`), 'the access token is 00D...!...');
    assert.notEqual(result.accessToken, org.access_token, 'the JWT login got a session of its own');
  });

  // A refused assertion is tested in Go (sfemu/oauth_jwt_test.go): through
  // the CLI it would make the CLI retry on Salesforce's public login hosts,
  // traffic that must not leave this machine.

  test('the JWT session runs a query', async () => {
    const result = await sfOk(['data', 'query', '--query', `SELECT Id, Username FROM User WHERE Username = '${org.username}'`, '--target-org', alias]);
    assert.equal(result.totalSize, 1);
    assert.equal(result.records[0].Username, org.username);
    assert.equal(result.records[0].Id, org.user_id);
  });
});
