// bulk.test.mjs drives the emulator's Bulk API 2.0 with jsforce 3's bulk2
// module: an ingest job loaded and awaited, its successful and failed
// results, and a query job whose results span several pages.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import jsforce from 'jsforce';
import { readyInfo, uniqueName } from './emulator.mjs';

const org = readyInfo();

function connect(version = '59.0') {
  const conn = new jsforce.Connection({
    instanceUrl: org.instance_url,
    accessToken: org.access_token,
    version,
  });
  conn.bulk2.pollInterval = 200;
  conn.bulk2.pollTimeout = 60000;
  return conn;
}

const ID18 = /^[a-zA-Z0-9]{18}$/;

describe('Bulk API 2.0', () => {
  test('loadAndWaitForResults inserts records and reports failures', async () => {
    const conn = connect();
    const marker = uniqueName('Bulk');
    const input = [
      { Name: `${marker} one`, Industry: 'Energy', NumberOfEmployees: 5 },
      { Name: `${marker} "two", quoted`, Industry: null },
      { Industry: 'Retail' }, // no Name: REQUIRED_FIELD_MISSING
    ];
    const res = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input });
    assert.equal(res.successfulResults.length, 2, JSON.stringify(res));
    assert.equal(res.failedResults.length, 1, JSON.stringify(res));
    assert.equal(res.unprocessedRecords.length, 0);
    for (const r of res.successfulResults) {
      assert.match(r.sf__Id, ID18);
      assert.equal(String(r.sf__Created), 'true');
    }
    assert.match(res.failedResults[0].sf__Error, /^REQUIRED_FIELD_MISSING:Required fields are missing: \[Name\]:Name --$/);
    const rows = await conn.query(`SELECT Name, NumberOfEmployees FROM Account WHERE Name LIKE '${marker}%' ORDER BY Name`);
    assert.deepEqual(rows.records.map((r) => r.Name), [`${marker} "two", quoted`, `${marker} one`]);
  });

  test('update and delete through bulk2', async () => {
    const conn = connect();
    const marker = uniqueName('BulkUpd');
    const ins = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: [{ Name: `${marker} a` }, { Name: `${marker} b` }] });
    const ids = ins.successfulResults.map((r) => r.sf__Id);
    const upd = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'update', input: ids.map((Id) => ({ Id, Phone: '555-0199' })) });
    assert.equal(upd.successfulResults.length, 2, JSON.stringify(upd));
    const del = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'delete', input: ids.map((Id) => ({ Id })) });
    assert.equal(del.successfulResults.length, 2, JSON.stringify(del));
    const left = await conn.query(`SELECT Id FROM Account WHERE Name LIKE '${marker}%'`);
    assert.equal(left.totalSize, 0);
  });

  test('bulk2.query over a large load, and paging with Sforce-Locator', async () => {
    const conn = connect();
    const marker = uniqueName('BulkQ');
    const n = 12500; // more than one default results page (10,000 records)
    const input = [];
    for (let i = 0; i < n; i++) {
      input.push({ Name: `${marker} ${String(i).padStart(5, '0')}`, NumberOfEmployees: i });
    }
    const load = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input });
    assert.equal(load.successfulResults.length, n);

    // jsforce's bulk2.query pipes every results page into one CSV parser
    // without waiting for the previous page to drain, so pages interleave
    // once a result spans several (jsforce issues #1739 and #1740, seen
    // against real orgs too). Through jsforce, read a one-page result...
    const stream = await conn.bulk2.query(`SELECT Id, Name, NumberOfEmployees, Owner.Name FROM Account WHERE Name LIKE '${marker}%' AND NumberOfEmployees < 3000`);
    const records = [];
    for await (const r of stream) {
      records.push(r);
    }
    assert.equal(records.length, 3000);
    assert.match(records[0].Id, ID18);
    assert.ok(records[0]['Owner.Name'], JSON.stringify(records[0]));

    // ...and page through the whole result as jsforce's job API does,
    // following Sforce-Locator until it says "null".
    const base = `${org.instance_url}/services/data/v59.0/jobs/query`;
    const headers = { Authorization: `Bearer ${org.access_token}`, 'Content-Type': 'application/json' };
    const created = await (await fetch(base, { method: 'POST', headers, body: JSON.stringify({ operation: 'query', query: `SELECT Id, Name FROM Account WHERE Name LIKE '${marker}%'` }) })).json();
    assert.match(created.id, /^750/);
    let info;
    for (let i = 0; i < 100; i++) {
      info = await (await fetch(`${base}/${created.id}`, { headers })).json();
      if (info.state === 'JobComplete') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(info.state, 'JobComplete');
    assert.equal(info.numberRecordsProcessed, n);
    let locator = '';
    let total = 0;
    let pages = 0;
    const seen = new Set();
    do {
      const url = `${base}/${created.id}/results?maxRecords=5000${locator ? `&locator=${locator}` : ''}`;
      const res = await fetch(url, { headers: { Authorization: headers.Authorization, 'Accept-Encoding': 'gzip' } });
      assert.equal(res.status, 200);
      const count = Number(res.headers.get('sforce-numberofrecords'));
      locator = res.headers.get('sforce-locator');
      assert.ok(locator, 'Sforce-Locator header missing');
      const lines = (await res.text()).split('\n').filter((l) => l !== '');
      assert.equal(lines[0], '"Id","Name"');
      assert.equal(lines.length - 1, count);
      for (const l of lines.slice(1)) seen.add(l);
      total += count;
      pages++;
    } while (locator !== 'null');
    assert.equal(pages, 3);
    assert.equal(total, n);
    assert.equal(seen.size, n);
    await fetch(`${base}/${created.id}`, { method: 'DELETE', headers });

    // A canary for the jsforce bug above: bulk2.query over the same
    // result (two default pages) must still fail the way it does against
    // Salesforce (each page's header row and overlapping pipes reach one
    // CSV parser). The day a jsforce release reads every record, this
    // fails: then assert the records instead.
    let read = 0;
    try {
      const multi = await conn.bulk2.query(`SELECT Id, Name FROM Account WHERE Name LIKE '${marker}%'`);
      for await (const _ of multi) {
        read++;
      }
    } catch {
      // The known failure: a parse error partway.
    }
    assert.ok(read < n, `jsforce ${jsforce.VERSION} read all ${n} records of a multi-page bulk2.query: the upstream bug is fixed, test the records instead`);
  });

  test('an aggregate query job is refused', async () => {
    const conn = connect();
    await assert.rejects(async () => {
      const stream = await conn.bulk2.query('SELECT COUNT() FROM Account');
      for await (const _ of stream) {
        // drain
      }
    });
  });
});
