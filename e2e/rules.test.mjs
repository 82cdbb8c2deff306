// rules.test.mjs checks, with jsforce, the refusals sfbridge's outbound sync
// explains — validation rules, read-only fields, restricted picklists — and
// the emulator's request counter, the way a real client sees them.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import jsforce from 'jsforce';
import { readyInfo, uniqueName } from './emulator.mjs';

const org = readyInfo();

function connect() {
  return new jsforce.Connection({ instanceUrl: org.instance_url, accessToken: org.access_token, version: '59.0' });
}

/** admin calls the emulator's admin API and returns the parsed answer. */
async function admin(method, path, body) {
  const res = await fetch(`${org.instance_url}/__sfemu${path}`, {
    method,
    headers: { Authorization: `Bearer ${org.admin_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function rejectsWith(promise, code) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${code}, but the call succeeded`);
  assert.equal(err.errorCode, code, `${err.name}: ${err.message}`);
  return err;
}

describe('validation rules', () => {
  const rule = { object: 'Account', name: 'No_Forbidden_Site', errorCondition: "Site = 'forbidden'", message: 'Site may not be forbidden.', field: 'Site' };
  after(() => admin('DELETE', `/validation-rules/${rule.object}/${rule.name}`));

  test('a save the rule matches fails with FIELD_CUSTOM_VALIDATION_EXCEPTION and the rule message', async () => {
    await admin('POST', '/validation-rules', rule);
    const conn = connect();
    const err = await rejectsWith(conn.sobject('Account').create({ Name: uniqueName('Rule'), Site: 'forbidden' }), 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.match(err.message, /Site may not be forbidden\./);
    const ok = await conn.sobject('Account').create({ Name: uniqueName('Rule'), Site: 'allowed' });
    assert.equal(ok.success, true);
  });

  test('in sObject Collections only the matching record fails, with statusCode and fields', async () => {
    const results = await connect().sobject('Account').create(
      [{ Name: uniqueName('Rule'), Site: 'fine' }, { Name: uniqueName('Rule'), Site: 'forbidden' }],
      { allOrNone: false },
    );
    assert.equal(results[0].success, true, JSON.stringify(results[0]));
    assert.equal(results[1].success, false);
    assert.equal(results[1].errors[0].statusCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.deepEqual(results[1].errors[0].fields, ['Site']);
  });
});

describe('read-only fields', () => {
  const field = { Object: 'Account', Field: 'Site', Profile: 'System Administrator' };
  after(() => admin('POST', '/fields/editable', field));

  test('describe says not updateable and a write fails with INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
    await admin('POST', '/fields/read-only', field);
    const conn = connect();
    const d = await conn.sobject('Account').describe();
    const site = d.fields.find((f) => f.name === 'Site');
    assert.equal(site.updateable, false);
    assert.equal(site.createable, false);
    const err = await rejectsWith(conn.sobject('Account').create({ Name: uniqueName('RO'), Site: 'x' }), 'INVALID_FIELD_FOR_INSERT_UPDATE');
    assert.match(err.message, /Unable to create\/update fields: Site/);
  });
});

describe('request statistics', () => {
  test('a collections create counts once under collections_create', async () => {
    const before = await admin('GET', '/stats');
    await connect().sobject('Account').create([{ Name: uniqueName('Stat') }, { Name: uniqueName('Stat') }], { allOrNone: true });
    const after = await admin('GET', '/stats');
    assert.equal(after.requests.collections_create - before.requests.collections_create, 1);
    assert.ok(after.total > before.total);
  });
});
