// sfcli.test.mjs drives the emulator with the Salesforce CLI (`sf`), as an
// administrator would: log in with an access token, then query, edit and
// describe records. Each command runs in a child process under Node 22 (the
// CLI needs it) with a fresh, private home directory.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readyInfo, uniqueName } from './emulator.mjs';
import { sfHome, describeRun, trimSlash } from './sf.mjs';

const org = readyInfo();
const alias = 'emu';
const { sf, sfOk, sfFails, cleanup } = sfHome();

describe('sf CLI', () => {
  before(async () => {
    // Log in once; every later command names the org by its alias.
    const args = ['org', 'login', 'access-token', '--instance-url', org.instance_url, '--no-prompt', '--alias', alias, '--set-default', '--json'];
    const run = await sf(args, { env: { SF_ACCESS_TOKEN: org.access_token } });
    assert.equal(run.code, 0, describeRun(args, run));
    assert.equal(run.json?.status, 0, describeRun(args, run));
    assert.equal(run.json.result.username, org.username);
    assert.equal(run.json.result.orgId, org.org_id);
    assert.equal(trimSlash(run.json.result.instanceUrl), org.instance_url);
  });

  after(cleanup);

  test('sf --version runs under Node 22', async () => {
    const run = await sf(['--version']);
    assert.equal(run.code, 0, describeRun(['--version'], run));
    assert.match(run.stdout, /@salesforce\/cli\/2\.\d+\.\d+ linux-x64 node-v22\./);
  });

  test('org login access-token refuses a token that is not shaped 00D...!...', async () => {
    const err = await sfFails(['org', 'login', 'access-token', '--instance-url', org.instance_url, '--no-prompt', '--alias', 'bad'], {
      env: { SF_ACCESS_TOKEN: 'not-a-token' },
    });
    assert.match(err.message, /access token/i);
  });

  test('org display shows the user, the instance URL and a connected status', async () => {
    const result = await sfOk(['org', 'display', '--target-org', alias]);
    assert.equal(result.username, org.username);
    assert.equal(result.id, org.org_id);
    assert.equal(trimSlash(result.instanceUrl), org.instance_url);
    assert.equal(result.connectedStatus, 'Connected');
    assert.equal(result.alias, alias);
    assert.match(result.apiVersion, /^\d{2}\.0$/);
    assert.ok(Number(result.apiVersion) >= 59, `apiVersion ${result.apiVersion} is the org's newest`);
  });

  test('org list shows the org as the default', async () => {
    const result = await sfOk(['org', 'list']);
    const all = [...(result.other ?? []), ...(result.nonScratchOrgs ?? [])];
    const entry = all.find((o) => o.username === org.username);
    assert.ok(entry, `org list has ${org.username}: ${JSON.stringify(result)}`);
    assert.equal(entry.alias, alias);
    assert.equal(entry.isDefaultUsername, true);
    assert.equal(entry.connectedStatus, 'Connected');
  });

  test('data query returns every Contact across nextRecordsUrl pages', async () => {
    const count = await sfOk(['data', 'query', '--query', 'SELECT count() FROM Contact', '--target-org', alias]);
    assert.ok(count.totalSize > 2000, `count() totalSize ${count.totalSize}`);

    const result = await sfOk(['data', 'query', '--query', 'SELECT Id, LastName FROM Contact', '--target-org', alias]);
    assert.equal(result.totalSize, count.totalSize);
    assert.equal(result.done, true);
    assert.equal(result.records.length, count.totalSize);
    assert.equal(new Set(result.records.map((r) => r.Id)).size, count.totalSize, 'ids are unique');
    for (const r of result.records.slice(0, 5)) {
      assert.match(r.Id, /^003[A-Za-z0-9]{15}$/);
      assert.equal(typeof r.LastName, 'string');
    }
  });

  test('data query in the human format prints a table (needs columns=true metadata)', async () => {
    const args = ['data', 'query', '--query', 'SELECT Id, Name, Account.Name FROM Contact WHERE AccountId != null LIMIT 3', '--target-org', alias];
    const run = await sf(args);
    assert.equal(run.code, 0, describeRun(args, run));
    assert.match(run.stdout, /ACCOUNT\.NAME|Account\.Name/i, describeRun(args, run));
    assert.match(run.stdout, /Total number of records retrieved: 3\./, describeRun(args, run));
  });

  describe('record commands', () => {
    const name = uniqueName('CLI Co');
    let id;

    test('data create record creates an Account', async () => {
      const result = await sfOk(['data', 'create', 'record', '--sobject', 'Account', '--values', `Name='${name}' Industry=Technology`, '--target-org', alias]);
      assert.equal(result.success, true);
      assert.deepEqual(result.errors, []);
      assert.match(result.id, /^001[A-Za-z0-9]{15}$/);
      id = result.id;
    });

    test('data get record reads it by id', async () => {
      assert.ok(id, 'created by the previous test');
      const result = await sfOk(['data', 'get', 'record', '--sobject', 'Account', '--record-id', id, '--target-org', alias]);
      assert.equal(result.Id, id);
      assert.equal(result.Name, name);
      assert.equal(result.Industry, 'Technology');
      assert.equal(result.attributes.type, 'Account');
    });

    test('data get record finds it with --where', async () => {
      assert.ok(id, 'created by an earlier test');
      const result = await sfOk(['data', 'get', 'record', '--sobject', 'Account', '--where', `Name='${name}'`, '--target-org', alias]);
      assert.equal(result.Id, id);
      assert.equal(result.Name, name);
    });

    test('data update record sets a field', async () => {
      assert.ok(id, 'created by an earlier test');
      const result = await sfOk(['data', 'update', 'record', '--sobject', 'Account', '--record-id', id, '--values', "Phone='(555) 010-1234'", '--target-org', alias]);
      assert.equal(result.success, true);
      assert.equal(result.id, id);
      const read = await sfOk(['data', 'get', 'record', '--sobject', 'Account', '--record-id', id, '--target-org', alias]);
      assert.equal(read.Phone, '(555) 010-1234');
    });

    test('data update record rejects an unknown field with INVALID_FIELD', async () => {
      assert.ok(id, 'created by an earlier test');
      const err = await sfFails(['data', 'update', 'record', '--sobject', 'Account', '--record-id', id, '--values', "No_Such__c='x'", '--target-org', alias]);
      assert.match(`${err.name} ${err.message}`, /INVALID_FIELD|No such column/);
    });

    test('data delete record deletes it, and reading it then fails with ENTITY_IS_DELETED', async () => {
      assert.ok(id, 'created by an earlier test');
      const result = await sfOk(['data', 'delete', 'record', '--sobject', 'Account', '--record-id', id, '--target-org', alias]);
      assert.equal(result.success, true);
      assert.equal(result.id, id);
      const err = await sfFails(['data', 'get', 'record', '--sobject', 'Account', '--record-id', id, '--target-org', alias]);
      assert.equal(err.name, 'ENTITY_IS_DELETED', JSON.stringify(err));
    });
  });

  test('sobject describe lists Account fields', async () => {
    const result = await sfOk(['sobject', 'describe', '--sobject', 'Account', '--target-org', alias]);
    assert.equal(result.name, 'Account');
    assert.equal(result.keyPrefix, '001');
    const fields = new Map(result.fields.map((f) => [f.name, f]));
    assert.equal(fields.get('Name')?.type, 'string');
    assert.equal(fields.get('BillingAddress')?.type, 'address');
    assert.equal(fields.get('Industry')?.type, 'picklist');
  });

  test('sobject list --sobject all names standard objects and change events', async () => {
    const result = await sfOk(['sobject', 'list', '--sobject', 'all', '--target-org', alias]);
    assert.ok(Array.isArray(result));
    for (const n of ['Account', 'Contact', 'AccountChangeEvent']) assert.ok(result.includes(n), `${n} is listed`);
    const custom = await sfOk(['sobject', 'list', '--sobject', 'custom', '--target-org', alias]);
    assert.ok(custom.every((n) => n.includes('__')), `custom objects carry a __ suffix: ${JSON.stringify(custom)}`);
  });

  test('org list limits (alias limits api display) shows DailyApiRequests', async () => {
    for (const cmd of [
      ['org', 'list', 'limits'],
      ['limits', 'api', 'display'],
    ]) {
      const result = await sfOk([...cmd, '--target-org', alias]);
      assert.ok(Array.isArray(result));
      const daily = result.find((l) => l.name === 'DailyApiRequests');
      assert.ok(daily, `${cmd.join(' ')} lists DailyApiRequests`);
      assert.ok(daily.max > 0 && daily.remaining <= daily.max, JSON.stringify(daily));
    }
  });

  test('api request rest GETs /services/data/v59.0/limits', async () => {
    const result = await sfOk(['api', 'request', 'rest', '/services/data/v59.0/limits', '--target-org', alias]);
    assert.equal(result.statusCode, 200);
    assert.match(String(result.headers['content-type']), /^application\/json/);
    assert.ok(result.body.DailyApiRequests, JSON.stringify(result.body).slice(0, 500));
    assert.equal(typeof result.body.DailyApiRequests.Max, 'number');
  });

  test('api request rest POSTs a record and reports the 201', async () => {
    const body = JSON.stringify({ Name: uniqueName('CLI Api') });
    const result = await sfOk(['api', 'request', 'rest', '/services/data/v59.0/sobjects/Account', '--method', 'POST', '--body', body, '--header', 'Content-Type: application/json', '--target-org', alias]);
    assert.equal(result.statusCode, 201);
    assert.equal(result.body.success, true);
    assert.match(result.body.id, /^001/);
  });
});
