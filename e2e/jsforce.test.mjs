// jsforce.test.mjs drives the emulator with jsforce 3, the way a Node
// application would talk to a real org: REST queries and paging, record CRUD,
// sObject Collections, upsert by external id, describe, limits and SOQL.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import jsforce from 'jsforce';
import { readyInfo, uniqueName } from './emulator.mjs';

const org = readyInfo();

/** connect returns a jsforce connection to the emulator at an API version. */
function connect(version = '59.0') {
  return new jsforce.Connection({
    instanceUrl: org.instance_url,
    accessToken: org.access_token,
    version,
  });
}

/**
 * rejectsWith awaits promise, asserts that it fails with a jsforce error whose
 * errorCode is code, and returns the error for further checks.
 */
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

/** soqlString quotes s as a SOQL string literal. */
function soqlString(s) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** createAccounts creates Accounts with the given fields and returns their ids. */
async function createAccounts(conn, records) {
  const results = await conn.sobject('Account').create(records, { allOrNone: true });
  for (const r of results) {
    assert.equal(r.success, true, JSON.stringify(r));
  }
  return results.map((r) => r.id);
}

const ID18 = /^[a-zA-Z0-9]{18}$/;

describe('query paging', () => {
  let contactCount;

  before(async () => {
    const res = await connect().query('SELECT count() FROM Contact');
    contactCount = res.totalSize;
  });

  test('the demo org has more than 2,000 Contacts', () => {
    assert.ok(contactCount > 2000, `SELECT count() FROM Contact gave totalSize ${contactCount}`);
  });

  test('query returns a first page of 2,000 and queryMore follows nextRecordsUrl to the end', async () => {
    const conn = connect();
    let page = await conn.query('SELECT Id, LastName FROM Contact');
    assert.equal(page.totalSize, contactCount);
    assert.equal(page.done, false);
    assert.equal(page.records.length, 2000, 'default batch size is 2,000');
    // jsforce keeps only the locator (the last segment) and rebuilds the URL.
    assert.match(page.nextRecordsUrl, /\/services\/data\/v59\.0\/query\/01g[A-Za-z0-9]+-2000$/);
    const ids = page.records.map((r) => r.Id);
    let pages = 1;
    while (!page.done) {
      page = await conn.queryMore(page.nextRecordsUrl);
      pages += 1;
      assert.equal(page.totalSize, contactCount, `totalSize on page ${pages}`);
      ids.push(...page.records.map((r) => r.Id));
      assert.ok(pages < 100, 'queryMore never reached done');
    }
    assert.equal(page.nextRecordsUrl, undefined, 'the last page has no nextRecordsUrl');
    assert.equal(pages, Math.ceil(contactCount / 2000));
    assert.equal(ids.length, contactCount);
    assert.equal(new Set(ids).size, contactCount, 'every Contact appears exactly once');
    for (const id of ids) assert.match(id, ID18);
  });

  test('autoFetch collects every Contact and maxFetch stops early', async () => {
    const conn = connect();
    const all = await conn.query('SELECT Id, FirstName, LastName FROM Contact', {
      autoFetch: true,
      maxFetch: 1_000_000,
    });
    assert.equal(all.totalSize, contactCount);
    assert.equal(all.done, true);
    assert.equal(all.records.length, contactCount);
    assert.equal(new Set(all.records.map((r) => r.Id)).size, contactCount, 'ids are unique');
    assert.equal(all.records[0].attributes.type, 'Contact');
    assert.match(all.records[0].attributes.url, /^\/services\/data\/v59\.0\/sobjects\/Contact\/003[A-Za-z0-9]{15}$/);

    const capped = await conn.query('SELECT Id FROM Contact', { autoFetch: true, maxFetch: 2001 });
    assert.equal(capped.records.length, 2001, 'maxFetch stops one record into the second page');
    assert.equal(capped.totalSize, contactCount);
  });

  test('record events stream every Contact through Query#on("record")', async () => {
    const conn = connect();
    const seen = new Set();
    await new Promise((resolve, reject) => {
      conn
        .query('SELECT Id FROM Contact')
        .on('record', (r) => seen.add(r.Id))
        .on('end', resolve)
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 1_000_000 });
    });
    assert.equal(seen.size, contactCount);
  });

  for (const version of ['59.0', '45.0']) {
    test(`the raw query answer at API ${version} carries a relative nextRecordsUrl in that version`, async () => {
      const conn = connect(version);
      const page = await conn.request(`/services/data/v${version}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`);
      assert.equal(page.totalSize, contactCount);
      assert.equal(page.done, false);
      assert.equal(page.records.length, 2000);
      const v = version.replace('.', '\\.');
      assert.match(page.nextRecordsUrl, new RegExp(`^/services/data/v${v}/query/01g[A-Za-z0-9]+-2000$`));
      assert.match(page.records[0].attributes.url, new RegExp(`^/services/data/v${v}/sobjects/Contact/003`));
      const next = await conn.request(page.nextRecordsUrl);
      assert.equal(next.totalSize, contactCount);
      assert.equal(next.records.length, Math.min(2000, contactCount - 2000));
      const ids = new Set([...page.records, ...next.records].map((r) => r.Id));
      assert.equal(ids.size, page.records.length + next.records.length, 'the second page repeats no record');
    });
  }

  test('at API 45.0 jsforce pages with queryMore too', async () => {
    const conn = connect('45.0');
    const page = await conn.query('SELECT Id FROM Contact');
    assert.equal(page.done, false);
    assert.match(page.records[0].attributes.url, /^\/services\/data\/v45\.0\/sobjects\/Contact\//);
    const next = await conn.queryMore(page.nextRecordsUrl);
    assert.equal(next.totalSize, page.totalSize);
    assert.ok(next.records.length > 0);
  });
});

describe('count()', () => {
  test('SELECT count() answers totalSize and no records', async () => {
    const res = await connect().query('SELECT count() FROM Contact');
    assert.ok(res.totalSize > 2000);
    assert.equal(res.done, true);
    assert.deepEqual(res.records, []);
  });

  test("sobject('Contact').count() agrees with SELECT count(), with and without conditions", async () => {
    const conn = connect();
    const total = (await conn.query('SELECT count() FROM Contact')).totalSize;
    assert.equal(await conn.sobject('Contact').count(), total);

    const withAccount = (await conn.query('SELECT count() FROM Contact WHERE AccountId != null')).totalSize;
    assert.equal(await conn.sobject('Contact').count({ AccountId: { $ne: null } }), withAccount);
    assert.ok(withAccount > 0 && withAccount <= total);
  });
});

describe('record CRUD', () => {
  test('create, retrieve, update and destroy an Account', async () => {
    const accounts = connect().sobject('Account');
    const name = uniqueName('E2E CRUD');
    const created = await accounts.create({ Name: name, Industry: 'Technology', NumberOfEmployees: 42 });
    assert.equal(created.success, true);
    assert.deepEqual(created.errors, []);
    assert.match(created.id, /^001[A-Za-z0-9]{15}$/);

    const read = await accounts.retrieve(created.id);
    assert.equal(read.Id, created.id);
    assert.equal(read.Name, name);
    assert.equal(read.Industry, 'Technology');
    assert.equal(read.NumberOfEmployees, 42);
    assert.equal(read.IsDeleted, false);
    assert.equal(read.attributes.type, 'Account');
    assert.equal(read.attributes.url, `/services/data/v59.0/sobjects/Account/${created.id}`);
    assert.match(read.CreatedDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.equal(read.CreatedById, org.user_id);

    const updated = await accounts.update({ Id: created.id, Phone: '(555) 010-0000', NumberOfEmployees: 43 });
    assert.deepEqual(updated, { id: created.id, success: true, errors: [] });
    const reread = await accounts.retrieve(created.id, { fields: ['Name', 'Phone', 'NumberOfEmployees'] });
    assert.equal(reread.Phone, '(555) 010-0000');
    assert.equal(reread.NumberOfEmployees, 43);
    assert.equal(reread.Name, name);
    assert.ok(reread.LastModifiedDate === undefined, '?fields= limits the fields returned');

    const destroyed = await accounts.destroy(created.id);
    assert.deepEqual(destroyed, { id: created.id, success: true, errors: [] });
  });

  test('retrieving or deleting a deleted record fails with ENTITY_IS_DELETED', async () => {
    const accounts = connect().sobject('Account');
    const { id } = await accounts.create({ Name: uniqueName('E2E Deleted') });
    await accounts.destroy(id);
    const err = await rejectsWith(accounts.retrieve(id), 'ENTITY_IS_DELETED');
    assert.equal(err.message, 'entity is deleted');
    await rejectsWith(accounts.destroy(id), 'ENTITY_IS_DELETED');
    const visible = await connect().query(`SELECT Id FROM Account WHERE Id = '${id}'`);
    assert.equal(visible.totalSize, 0, 'a deleted record leaves query');
    const all = await connect().query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`, { scanAll: true });
    assert.equal(all.totalSize, 1, 'a deleted record stays in queryAll');
    assert.equal(all.records[0].IsDeleted, true);
  });

  test('creating an Account without Name fails with REQUIRED_FIELD_MISSING naming the field', async () => {
    const err = await rejectsWith(connect().sobject('Account').create({ Industry: 'Technology' }), 'REQUIRED_FIELD_MISSING');
    assert.deepEqual(err.data.fields, ['Name']);
    assert.equal(err.data.message, 'Required fields are missing: [Name]');
  });

  test('an unknown field on create fails with INVALID_FIELD', async () => {
    await rejectsWith(connect().sobject('Account').create({ Name: uniqueName('E2E Bad'), No_Such_Field__c: 'x' }), 'INVALID_FIELD');
  });
});

describe('sObject Collections', () => {
  test('create several Accounts with allOrNone false reports a result per record', async () => {
    const conn = connect();
    const prefix = uniqueName('E2E Coll');
    const results = await conn.sobject('Account').create(
      [{ Name: `${prefix} A` }, { Name: `${prefix} B`, Industry: 'Banking' }, { Industry: 'Banking' }, { Name: `${prefix} D` }],
      { allOrNone: false },
    );
    assert.equal(results.length, 4);
    for (const i of [0, 1, 3]) {
      assert.equal(results[i].success, true, `record ${i}: ${JSON.stringify(results[i])}`);
      assert.match(results[i].id, /^001[A-Za-z0-9]{15}$/);
      assert.deepEqual(results[i].errors, []);
    }
    assert.equal(results[2].success, false);
    assert.equal(results[2].errors.length, 1);
    assert.equal(results[2].errors[0].statusCode, 'REQUIRED_FIELD_MISSING');
    assert.deepEqual(results[2].errors[0].fields, ['Name']);
    const found = await conn.query(`SELECT Id FROM Account WHERE Name LIKE ${soqlString(prefix + '%')}`);
    assert.equal(found.totalSize, 3);
  });

  test('create with allOrNone true rolls back the valid records', async () => {
    const conn = connect();
    const prefix = uniqueName('E2E AllOrNone');
    const results = await conn.sobject('Account').create([{ Name: `${prefix} A` }, { Industry: 'Banking' }], { allOrNone: true });
    assert.equal(results.length, 2);
    assert.equal(results[0].success, false);
    assert.equal(results[0].errors[0].statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
    assert.equal(results[1].success, false);
    assert.equal(results[1].errors[0].statusCode, 'REQUIRED_FIELD_MISSING');
    const found = await conn.query(`SELECT Id FROM Account WHERE Name LIKE ${soqlString(prefix + '%')}`);
    assert.equal(found.totalSize, 0, 'nothing was saved');
  });

  test('update, retrieve and destroy several Accounts by id', async () => {
    const conn = connect();
    const accounts = conn.sobject('Account');
    const prefix = uniqueName('E2E Many');
    const ids = await createAccounts(conn, [{ Name: `${prefix} 1` }, { Name: `${prefix} 2` }, { Name: `${prefix} 3` }]);

    const updated = await accounts.update(ids.map((Id, i) => ({ Id, Name: `${prefix} ${i + 1} renamed`, Rating: 'Hot' })));
    assert.deepEqual(
      updated.map((r) => [r.id, r.success]),
      ids.map((id) => [id, true]),
    );

    const read = await accounts.retrieve(ids);
    assert.equal(read.length, 3);
    read.forEach((r, i) => {
      assert.equal(r.Id, ids[i], 'records come back in the order asked');
      assert.equal(r.Name, `${prefix} ${i + 1} renamed`);
      assert.equal(r.Rating, 'Hot');
      assert.equal(r.attributes.type, 'Account');
    });

    const subset = await accounts.retrieve(ids.slice(0, 2), { fields: ['Name'] });
    assert.deepEqual(
      subset.map((r) => r.Name),
      [`${prefix} 1 renamed`, `${prefix} 2 renamed`],
    );

    const destroyed = await accounts.destroy(ids);
    assert.deepEqual(
      destroyed.map((r) => [r.id, r.success]),
      ids.map((id) => [id, true]),
    );
    const left = await conn.query(`SELECT count() FROM Account WHERE Name LIKE ${soqlString(prefix + '%')}`);
    assert.equal(left.totalSize, 0);
  });
});

describe('upsert by external id', () => {
  const key = `k1-${process.pid}-${Date.now().toString(36)}`;

  before(async () => {
    const res = await connect()
      .tooling.sobject('CustomField')
      .create({
        FullName: 'Account.External_Key__c',
        Metadata: { label: 'External Key', type: 'Text', length: 40, externalId: true, unique: false },
      });
    assert.equal(res.success, true, JSON.stringify(res));
    assert.match(res.id, /^00N[A-Za-z0-9]{15}$/);
  });

  test('the new field shows in describe as a custom external id', async () => {
    const desc = await connect().sobject('Account').describe();
    const field = desc.fields.find((f) => f.name === 'External_Key__c');
    assert.ok(field, 'External_Key__c is in the Account describe');
    assert.equal(field.custom, true);
    assert.equal(field.externalId, true);
    assert.equal(field.type, 'string');
    assert.equal(field.length, 40);
    assert.equal(field.label, 'External Key');
  });

  test('upsert creates on the first call and updates on the second', async () => {
    const accounts = connect().sobject('Account');
    const name = uniqueName('E2E Upsert');
    const first = await accounts.upsert({ External_Key__c: key, Name: name }, 'External_Key__c');
    assert.equal(first.success, true);
    assert.equal(first.created, true);
    assert.match(first.id, /^001[A-Za-z0-9]{15}$/);

    const second = await accounts.upsert({ External_Key__c: key, Name: `${name} again` }, 'External_Key__c');
    assert.equal(second.success, true);
    assert.equal(second.created, false);
    assert.equal(second.id, first.id);

    const read = await accounts.retrieve(first.id);
    assert.equal(read.Name, `${name} again`);
    assert.equal(read.External_Key__c, key);
  });

  test('upsert at API 45.0 answers 204 on update (jsforce reports success without created)', async () => {
    const accounts = connect('45.0').sobject('Account');
    const oldKey = `${key}-v45`;
    const first = await accounts.upsert({ External_Key__c: oldKey, Name: uniqueName('E2E Upsert45') }, 'External_Key__c');
    assert.equal(first.success, true);
    assert.match(first.id, /^001/);
    const second = await accounts.upsert({ External_Key__c: oldKey, Rating: 'Warm' }, 'External_Key__c');
    assert.deepEqual(second, { success: true, errors: [] });
  });

  test('upsert of several records through sObject Collections reports created per record', async () => {
    const accounts = connect().sobject('Account');
    const k2 = `${key}-many-a`;
    const k3 = `${key}-many-b`;
    await accounts.upsert({ External_Key__c: k2, Name: uniqueName('E2E UpsertMany') }, 'External_Key__c');
    const results = await accounts.upsert(
      [
        { External_Key__c: k2, Name: uniqueName('E2E UpsertMany a') },
        { External_Key__c: k3, Name: uniqueName('E2E UpsertMany b') },
      ],
      'External_Key__c',
    );
    assert.deepEqual(
      results.map((r) => [r.success, r.created]),
      [
        [true, false],
        [true, true],
      ],
    );
  });

  test('upsert with a key two Accounts share fails with 300 Multiple Choices', async () => {
    const conn = connect();
    const shared = `${key}-shared`;
    const ids = await createAccounts(conn, [
      { Name: uniqueName('E2E Shared 1'), External_Key__c: shared },
      { Name: uniqueName('E2E Shared 2'), External_Key__c: shared },
    ]);
    const err = await rejectsWith(
      conn.sobject('Account').upsert({ External_Key__c: shared, Name: 'Ambiguous' }, 'External_Key__c'),
      'MULTIPLE_CHOICES',
    );
    // jsforce hands over the 300 body: the URLs of the matching records.
    assert.ok(Array.isArray(err.data), `error data is the 300 body: ${JSON.stringify(err.data)}`);
    assert.deepEqual(
      [...err.data].sort(),
      ids.map((id) => `/services/data/v59.0/sobjects/Account/${id}`).sort(),
    );
  });
});

describe('describe', () => {
  test("sobject('Account').describe() lists Name and the BillingAddress compound", async () => {
    const desc = await connect().sobject('Account').describe();
    assert.equal(desc.name, 'Account');
    assert.equal(desc.keyPrefix, '001');
    assert.equal(desc.createable, true);
    const byName = new Map(desc.fields.map((f) => [f.name, f]));
    const name = byName.get('Name');
    assert.ok(name, 'Name field');
    assert.equal(name.type, 'string');
    assert.equal(name.nillable, false);
    assert.equal(byName.get('Id').type, 'id');
    assert.equal(byName.get('BillingAddress')?.type, 'address');
    assert.equal(byName.get('BillingCity')?.compoundFieldName, 'BillingAddress');
    const owner = byName.get('OwnerId');
    assert.equal(owner.type, 'reference');
    assert.deepEqual(owner.referenceTo, ['User']);
    assert.equal(owner.relationshipName, 'Owner');
    assert.ok(
      desc.childRelationships.some((r) => r.childSObject === 'Contact' && r.relationshipName === 'Contacts'),
      'Contacts child relationship',
    );
    const industry = byName.get('Industry');
    assert.equal(industry.type, 'picklist');
    assert.ok(industry.picklistValues.some((v) => v.value === 'Technology' && v.active));
  });

  test('describe at API 52.0 answers the same object', async () => {
    const desc = await connect('52.0').sobject('Contact').describe();
    assert.equal(desc.name, 'Contact');
    assert.equal(desc.keyPrefix, '003');
    assert.equal(desc.fields.find((f) => f.name === 'Name')?.compoundFieldName ?? null, null);
    assert.equal(desc.fields.find((f) => f.name === 'LastName')?.compoundFieldName, 'Name');
    assert.match(desc.urls.describe, /^\/services\/data\/v52\.0\/sobjects\/Contact\/describe$/);
  });

  test('describeGlobal() lists Account and AccountChangeEvent', async () => {
    const global = await connect().describeGlobal();
    assert.equal(global.encoding, 'UTF-8');
    assert.equal(global.maxBatchSize, 200);
    const names = new Set(global.sobjects.map((s) => s.name));
    for (const n of ['Account', 'AccountChangeEvent', 'Contact', 'Opportunity', 'Lead', 'User']) {
      assert.ok(names.has(n), `${n} is listed`);
    }
    const account = global.sobjects.find((s) => s.name === 'Account');
    assert.equal(account.keyPrefix, '001');
    assert.equal(account.queryable, true);
    assert.equal(account.custom, false);
  });
});

describe('limits', () => {
  test('conn.limits() reports DailyApiRequests', async () => {
    const limits = await connect().limits();
    const daily = limits.DailyApiRequests;
    assert.ok(daily, 'DailyApiRequests is present');
    assert.equal(typeof daily.Max, 'number');
    assert.equal(typeof daily.Remaining, 'number');
    assert.ok(daily.Max > 0 && daily.Remaining <= daily.Max);
    // Since API 49.0 the Bulk API allocation is reported as DailyBulkApiBatches
    // (DailyBulkApiRequests was its name up to 48.0).
    assert.ok(limits.DailyBulkApiBatches, 'DailyBulkApiBatches is present');
    assert.ok(limits.DailyBulkV2QueryJobs, 'DailyBulkV2QueryJobs is present');
  });

  test('conn.limitInfo.apiUsage fills from the Sforce-Limit-Info header', async () => {
    const conn = connect();
    assert.equal(conn.limitInfo.apiUsage, undefined, 'nothing before the first request');
    await conn.query('SELECT Id FROM Account LIMIT 1');
    const first = conn.limitInfo.apiUsage;
    assert.ok(first, 'apiUsage is set after a request');
    assert.ok(Number.isInteger(first.used) && first.used > 0, `used = ${first.used}`);
    assert.ok(Number.isInteger(first.limit) && first.limit >= first.used, `limit = ${first.limit}`);
    await conn.query('SELECT Id FROM Account LIMIT 1');
    const second = conn.limitInfo.apiUsage;
    assert.ok(second.used > first.used, `usage grows with each call (${first.used} then ${second.used})`);
    assert.equal(second.limit, first.limit);
    const limits = await conn.limits();
    assert.equal(limits.DailyApiRequests.Max, first.limit, 'the header and /limits agree on the daily maximum');
  });
});

describe('relationship queries', () => {
  test('parent fields come back as nested records', async () => {
    const res = await connect().query('SELECT Id, Name, Account.Name, Owner.Email FROM Contact WHERE AccountId != null LIMIT 5');
    assert.equal(res.records.length, 5);
    for (const r of res.records) {
      assert.equal(r.attributes.type, 'Contact');
      assert.equal(typeof r.Name, 'string');
      assert.equal(r.Account.attributes.type, 'Account');
      assert.match(r.Account.attributes.url, /^\/services\/data\/v59\.0\/sobjects\/Account\/001/);
      assert.equal(typeof r.Account.Name, 'string');
      assert.deepEqual(Object.keys(r.Account).sort(), ['Name', 'attributes']);
      assert.equal(r.Owner.attributes.type, 'User');
      assert.match(r.Owner.Email, /@/);
      assert.equal(r.AccountId, undefined, 'only the selected fields are returned');
    }
  });

  test('a parent that is not set comes back as null', async () => {
    const res = await connect().query('SELECT Id, Account.Name FROM Contact WHERE AccountId = null LIMIT 1');
    if (res.records.length === 0) {
      const { id } = await connect().sobject('Contact').create({ LastName: uniqueName('E2E Orphan') });
      const again = await connect().query(`SELECT Id, Account.Name FROM Contact WHERE Id = '${id}'`);
      assert.equal(again.records[0].Account, null);
    } else {
      assert.equal(res.records[0].Account, null);
    }
  });

  test('a child subquery comes back as a nested query result', async () => {
    const res = await connect().query(
      'SELECT Id, Name, (SELECT Id, LastName FROM Contacts) FROM Account WHERE Id IN (SELECT AccountId FROM Contact) LIMIT 5',
    );
    assert.equal(res.records.length, 5);
    for (const r of res.records) {
      assert.equal(r.attributes.type, 'Account');
      assert.ok(r.Contacts, `Account ${r.Id} has Contacts`);
      assert.equal(r.Contacts.done, true);
      assert.equal(r.Contacts.totalSize, r.Contacts.records.length);
      assert.ok(r.Contacts.records.length > 0);
      for (const c of r.Contacts.records) {
        assert.equal(c.attributes.type, 'Contact');
        assert.match(c.Id, /^003/);
        assert.equal(typeof c.LastName, 'string');
      }
    }
  });

  test('Accounts without Contacts have Contacts null', async () => {
    const conn = connect();
    const [id] = await createAccounts(conn, [{ Name: uniqueName('E2E NoKids') }]);
    const res = await conn.query(`SELECT Id, Name, (SELECT Id, LastName FROM Contacts) FROM Account WHERE Id = '${id}'`);
    assert.equal(res.records[0].Contacts, null);
  });

  test('a child subquery over any five Accounts gives each a Contacts key: null or a nested result', async () => {
    const res = await connect().query('SELECT Id, Name, (SELECT Id, LastName FROM Contacts) FROM Account LIMIT 5');
    assert.equal(res.records.length, 5);
    for (const r of res.records) {
      assert.ok(r.Contacts === null || (Array.isArray(r.Contacts.records) && r.Contacts.totalSize === r.Contacts.records.length));
      assert.ok('Contacts' in r, 'the subquery key is always present');
    }
  });
});

describe('SOQL shapes', () => {
  let prefix;
  let ids;

  before(async () => {
    prefix = uniqueName('E2E Soql');
    ids = await createAccounts(connect(), [
      { Name: `${prefix} alpha`, Industry: 'Banking', NumberOfEmployees: 30 },
      { Name: `${prefix} beta`, Industry: 'Banking', NumberOfEmployees: 10 },
      { Name: `${prefix} gamma`, Industry: 'Energy' },
      { Name: `${prefix} delta`, Industry: 'Energy', NumberOfEmployees: 20 },
      { Name: `${prefix} epsilon` },
    ]);
  });

  const like = () => soqlString(`${prefix}%`);

  test('date literals: TODAY, TOMORROW and LAST_N_DAYS select by CreatedDate', async () => {
    const conn = connect();
    const today = await conn.query(`SELECT Id FROM Account WHERE CreatedDate = TODAY AND Name LIKE ${like()}`);
    assert.equal(today.totalSize, 5);
    const recent = await conn.query(`SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:7 AND Name LIKE ${like()}`);
    assert.equal(recent.totalSize, 5);
    const future = await conn.query('SELECT count() FROM Account WHERE CreatedDate >= TOMORROW');
    assert.equal(future.totalSize, 0);
    const all = await conn.query('SELECT count() FROM Account');
    const beforeTomorrow = await conn.query('SELECT count() FROM Account WHERE CreatedDate < TOMORROW');
    assert.equal(beforeTomorrow.totalSize, all.totalSize);
  });

  test('datetime literals compare with CreatedDate', async () => {
    const res = await connect().query(
      `SELECT Id FROM Account WHERE CreatedDate > 2000-01-01T00:00:00Z AND CreatedDate < 2999-01-01T00:00:00.000+0000 AND Name LIKE ${like()}`,
    );
    assert.equal(res.totalSize, 5);
  });

  test('LIKE is case-insensitive and supports % and _', async () => {
    const conn = connect();
    const lower = await conn.query(`SELECT Name FROM Account WHERE Name LIKE ${soqlString(`${prefix.toLowerCase()} %ta`)}`);
    assert.deepEqual(lower.records.map((r) => r.Name).sort(), [`${prefix} beta`, `${prefix} delta`]);
    const underscore = await conn.query(`SELECT Name FROM Account WHERE Name LIKE ${soqlString(`${prefix} _eta`)}`);
    assert.deepEqual(underscore.records.map((r) => r.Name), [`${prefix} beta`]);
  });

  test('IN and NOT IN on ids and strings', async () => {
    const conn = connect();
    const byId = await conn.query(`SELECT Id FROM Account WHERE Id IN ('${ids[0]}', '${ids[2]}')`);
    assert.deepEqual(byId.records.map((r) => r.Id).sort(), [ids[0], ids[2]].sort());
    const byIndustry = await conn.query(`SELECT Name FROM Account WHERE Industry IN ('Energy', 'Retail') AND Name LIKE ${like()}`);
    assert.equal(byIndustry.totalSize, 2);
    const notIn = await conn.query(`SELECT Name FROM Account WHERE Industry NOT IN ('Energy') AND Name LIKE ${like()}`);
    // SOQL compares null as a value: a null Industry is not in the list.
    assert.deepEqual(notIn.records.map((r) => r.Name).sort(), [`${prefix} alpha`, `${prefix} beta`, `${prefix} epsilon`].sort());
  });

  test('ORDER BY ... NULLS LAST and NULLS FIRST place the nulls', async () => {
    const conn = connect();
    const asc = await conn.query(`SELECT Name, NumberOfEmployees FROM Account WHERE Name LIKE ${like()} ORDER BY NumberOfEmployees ASC NULLS LAST, Name`);
    assert.deepEqual(
      asc.records.map((r) => r.NumberOfEmployees),
      [10, 20, 30, null, null],
    );
    assert.deepEqual(
      asc.records.slice(3).map((r) => r.Name),
      [`${prefix} epsilon`, `${prefix} gamma`],
    );
    const desc = await conn.query(`SELECT Name, NumberOfEmployees FROM Account WHERE Name LIKE ${like()} ORDER BY NumberOfEmployees DESC NULLS FIRST, Name DESC`);
    assert.deepEqual(
      desc.records.map((r) => r.NumberOfEmployees),
      [null, null, 30, 20, 10],
    );
    const defaultNulls = await conn.query(`SELECT NumberOfEmployees FROM Account WHERE Name LIKE ${like()} ORDER BY NumberOfEmployees`);
    assert.deepEqual(
      defaultNulls.records.map((r) => r.NumberOfEmployees),
      [null, null, 10, 20, 30],
      'ascending order puts nulls first by default',
    );
  });

  test('GROUP BY with COUNT(Id) answers AggregateResult rows', async () => {
    const conn = connect();
    const res = await conn.query(`SELECT Industry, COUNT(Id) n FROM Account WHERE Name LIKE ${like()} GROUP BY Industry`);
    assert.equal(res.totalSize, 3);
    const counts = Object.fromEntries(res.records.map((r) => [r.Industry, r.n]));
    assert.deepEqual(counts, { Banking: 2, Energy: 2, null: 1 });
    for (const r of res.records) assert.equal(r.attributes.type, 'AggregateResult');

    const unaliased = await conn.query(`SELECT COUNT(Id), MAX(NumberOfEmployees) FROM Account WHERE Name LIKE ${like()}`);
    assert.equal(unaliased.records.length, 1);
    assert.equal(unaliased.records[0].expr0, 5);
    assert.equal(unaliased.records[0].expr1, 30);
  });

  test('LIMIT and OFFSET page through an ordered result', async () => {
    const conn = connect();
    const res = await conn.query(`SELECT Name FROM Account WHERE Name LIKE ${like()} ORDER BY Name LIMIT 2 OFFSET 1`);
    assert.deepEqual(
      res.records.map((r) => r.Name),
      [`${prefix} beta`, `${prefix} delta`],
    );
  });

  test('field names are case-insensitive and answer in the schema spelling', async () => {
    const res = await connect().query(`select id, name from account where id = '${ids[0]}'`);
    assert.deepEqual(Object.keys(res.records[0]).sort(), ['Id', 'Name', 'attributes']);
  });

  test('an unknown column fails with INVALID_FIELD', async () => {
    const err = await rejectsWith(connect().query('SELECT Id, Nope__c FROM Account'), 'INVALID_FIELD');
    assert.match(err.message, /No such column 'Nope__c' on entity 'Account'/);
  });

  test('an unknown object fails with INVALID_TYPE', async () => {
    await rejectsWith(connect().query('SELECT Id FROM NoSuchThing__c'), 'INVALID_TYPE');
  });
});
