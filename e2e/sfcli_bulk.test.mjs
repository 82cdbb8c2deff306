// sfcli_bulk.test.mjs drives the emulator's Bulk API 2.0 with the Salesforce
// CLI's bulk commands, as an administrator loading data would: `data import
// bulk` from a CSV, `data export bulk` to CSV and JSON, `data upsert bulk` on
// a custom external id field, `data delete bulk` from an Id CSV, and `data
// bulk results`, whose success and failure CSV files are read back. Every
// command waits (--wait) for its job. Records carry a marker no other test
// file uses, and the delete test removes them all again.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readyInfo, uniqueName } from './emulator.mjs';
import { sfHome, describeRun } from './sf.mjs';

const org = readyInfo();
const alias = 'bulk';
const { sf, sfOk, sfFails, cleanup } = sfHome('sf-bulk-home-');

// `sf data bulk results` writes its CSV files to the working directory, so
// this file runs the CLI from a scratch directory of its own (the test runner
// gives each file its own process).
const work = mkdtempSync(join(process.env.E2E_TMP || tmpdir(), 'sf-bulk-work-'));
process.chdir(work);

const marker = uniqueName('CliBulk');
// More than one page of bulk query results (the emulator's pages hold
// 10,000 records), so the export follows Sforce-Locator to a second page.
const N = 10_500;
const wait = ['--wait', '5'];
const ID18 = /^[a-zA-Z0-9]{18}$/;

const lastName = (i) => `${marker} ${String(i).padStart(5, '0')}`;
// Every thousandth row has a description that needs CSV quoting.
const description = (i) => (i % 1000 === 999 ? `Row ${i}, "quoted"\nsecond line` : `Row ${i}`);

/** csvCell quotes a value for a comma-separated file. */
const csvCell = (v) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** parseCSV splits CSV text (RFC 4180, LF or CRLF) into rows of cells. */
function parseCSV(text, delim = ',') {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === delim) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** firstLine returns a file's text up to its first line break. */
const firstLine = (text) => text.slice(0, text.search(/\r?\n/));

/** admin calls the emulator's admin API and returns its JSON answer. */
async function admin(method, path, body) {
  const res = await fetch(`${org.instance_url}/__sfemu${path}`, {
    method,
    headers: { Authorization: `Bearer ${org.admin_token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} /__sfemu${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** count runs a count() query over the marked Contacts matching where. */
async function count(where = '', allRows = false) {
  const q = `SELECT count() FROM Contact WHERE LastName LIKE '${marker}%'${where}`;
  const result = await sfOk(['data', 'query', '--query', q, '--target-org', alias, ...(allRows ? ['--all-rows'] : [])]);
  return result.totalSize;
}

/** bulkResults runs `sf data bulk results` and returns its result and the files it wrote. */
async function bulkResults(jobId) {
  const result = await sfOk(['data', 'bulk', 'results', '--job-id', jobId, '--target-org', alias]);
  const read = (p) => (p ? readFileSync(join(work, p), 'utf8') : undefined);
  return { result, success: read(result.successFilePath), failed: read(result.failedFilePath) };
}

describe('sf CLI bulk commands', () => {
  before(async () => {
    const args = ['org', 'login', 'access-token', '--instance-url', org.instance_url, '--no-prompt', '--alias', alias, '--json'];
    const run = await sf(args, { env: { SF_ACCESS_TOKEN: org.access_token } });
    assert.equal(run.code, 0, describeRun(args, run));
    assert.equal(run.json?.status, 0, describeRun(args, run));
  });

  after(() => {
    cleanup();
    process.chdir(tmpdir());
    if (!process.env.E2E_KEEP_TMP) rmSync(work, { recursive: true, force: true });
  });

  const importFile = join(work, 'contacts.csv');
  let importJob;
  let importedIds; // LastName -> Id, from the success results file

  test(`data import bulk inserts ${N} Contacts from a CSV`, async () => {
    const lines = ['LastName,FirstName,Email,Description'];
    for (let i = 0; i < N; i++) {
      lines.push([lastName(i), `First${i}`, `cli.bulk.${i}@example.com`, description(i)].map(csvCell).join(','));
    }
    writeFileSync(importFile, `${lines.join('\n')}\n`);

    const result = await sfOk(['data', 'import', 'bulk', '--file', importFile, '--sobject', 'Contact', ...wait, '--target-org', alias]);
    assert.match(result.jobId, /^750[a-zA-Z0-9]{15}$/);
    assert.equal(result.processedRecords, N);
    assert.equal(result.successfulRecords, N);
    assert.equal(result.failedRecords, 0);
    importJob = result.jobId;

    assert.equal(await count(), N);
    const sample = await sfOk(['data', 'query', '--query', `SELECT LastName, FirstName, Email, Description FROM Contact WHERE LastName = '${lastName(1999)}'`, '--target-org', alias]);
    assert.equal(sample.totalSize, 1);
    const r = sample.records[0];
    assert.deepEqual([r.LastName, r.FirstName, r.Email, r.Description], [lastName(1999), 'First1999', 'cli.bulk.1999@example.com', description(1999)]);
  });

  test('data bulk results writes the import job\'s successful results CSV', async () => {
    assert.ok(importJob, 'imported by the previous test');
    const { result, success } = await bulkResults(importJob);
    assert.equal(result.status, 'JobComplete');
    assert.equal(result.operation, 'insert');
    assert.equal(result.object, 'Contact');
    assert.equal(result.processedRecords, N);
    assert.equal(result.successfulRecords, N);
    assert.equal(result.failedRecords, 0);
    assert.equal(result.successFilePath, `${importJob}-success-records.csv`);
    assert.equal(result.failedFilePath, undefined);

    // The result columns, then the uploaded header as the CSV spelled it.
    assert.equal(firstLine(success), '"sf__Id","sf__Created",LastName,FirstName,Email,Description');
    const rows = parseCSV(success);
    assert.equal(rows.length, N + 1);
    importedIds = new Map();
    for (const [id, created, name, first, email, desc] of rows.slice(1)) {
      assert.match(id, /^003[a-zA-Z0-9]{15}$/);
      assert.equal(created, 'true');
      const i = Number(first.slice('First'.length));
      assert.deepEqual([name, email, desc], [lastName(i), `cli.bulk.${i}@example.com`, description(i)]);
      importedIds.set(name, id);
    }
    assert.equal(importedIds.size, N);
  });

  const exportQuery = `SELECT Id, LastName, FirstName, Email, Description FROM Contact WHERE LastName LIKE '${marker}%' ORDER BY LastName`;

  test('data export bulk writes every imported Contact to one CSV across result pages', async () => {
    assert.ok(importedIds, 'read by the previous test');
    const out = join(work, 'export.csv');
    const result = await sfOk(['data', 'export', 'bulk', '--query', exportQuery, '--output-file', out, ...wait, '--target-org', alias]);
    assert.equal(result.totalSize, N);
    assert.equal(result.filePath, out);

    const text = readFileSync(out, 'utf8');
    assert.equal(firstLine(text), '"Id","LastName","FirstName","Email","Description"');
    // The second page's header is dropped by the CLI, so it appears once.
    assert.equal(text.split('"Id","LastName"').length, 2, 'one header line');
    const rows = parseCSV(text).slice(1);
    assert.equal(rows.length, N);
    rows.forEach(([id, name, first, email, desc], i) => {
      assert.deepEqual([id, name, first, email, desc], [importedIds.get(lastName(i)), lastName(i), `First${i}`, `cli.bulk.${i}@example.com`, description(i)]);
    });
  });

  test('data export bulk --result-format json writes a JSON array of the records', async () => {
    assert.ok(importedIds, 'read by an earlier test');
    const out = join(work, 'export.json');
    const result = await sfOk(['data', 'export', 'bulk', '--query', exportQuery, '--output-file', out, '--result-format', 'json', ...wait, '--target-org', alias]);
    assert.equal(result.totalSize, N);
    const records = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(records.length, N);
    assert.deepEqual(records[999], {
      Id: importedIds.get(lastName(999)),
      LastName: lastName(999),
      FirstName: 'First999',
      Email: 'cli.bulk.999@example.com',
      Description: description(999),
    });
    assert.equal(records[N - 1].LastName, lastName(N - 1));
    assert.equal(new Set(records.map((r) => r.Id)).size, N);
  });

  test('data export bulk --column-delimiter TAB writes tab-separated values', async () => {
    const out = join(work, 'export.tsv');
    const q = `SELECT LastName, Email FROM Contact WHERE LastName IN ('${lastName(0)}', '${lastName(1)}') ORDER BY LastName`;
    const result = await sfOk(['data', 'export', 'bulk', '--query', q, '--output-file', out, '--column-delimiter', 'TAB', ...wait, '--target-org', alias]);
    assert.equal(result.totalSize, 2);
    assert.equal(
      readFileSync(out, 'utf8'),
      `"LastName"\t"Email"\n"${lastName(0)}"\t"cli.bulk.0@example.com"\n"${lastName(1)}"\t"cli.bulk.1@example.com"\n`,
    );
  });

  describe('data upsert bulk on a custom external id field', () => {
    const field = 'Sf_Cli_Bulk_Key__c';
    const key = (n) => `${marker.replaceAll(' ', '-')}-k${n}`;
    const firstIds = new Map(); // key -> Id from the first upsert

    before(async () => {
      await admin('POST', '/custom-fields', {
        FullName: `Contact.${field}`,
        Metadata: { label: 'Sf Cli Bulk Key', type: 'Text', length: 80, externalId: true, unique: true },
      });
    });

    /** upsert writes rows [keyNumber, firstName] to a CSV and upserts them. */
    async function upsert(name, rows) {
      const file = join(work, name);
      writeFileSync(file, `${field},LastName,FirstName\n${rows.map(([n, first]) => `${key(n)},${marker} upsert ${n},${first}`).join('\n')}\n`);
      return sfOk(['data', 'upsert', 'bulk', '--file', file, '--sobject', 'Contact', '--external-id', field, ...wait, '--target-org', alias]);
    }

    test('the first upsert creates every row', async () => {
      const result = await upsert('upsert1.csv', [
        [0, 'Zero'],
        [1, 'One'],
        [2, 'Two'],
        [3, 'Three'],
      ]);
      assert.equal(result.jobInfo.state, 'JobComplete');
      assert.equal(result.jobInfo.operation, 'upsert');
      assert.equal(result.jobInfo.externalIdFieldName, field);
      assert.equal(result.jobInfo.numberRecordsProcessed, 4);
      assert.equal(result.jobInfo.numberRecordsFailed, 0);
      assert.equal(result.records.successfulResults.length, 4);
      assert.deepEqual(result.records.failedResults, []);
      for (const r of result.records.successfulResults) {
        assert.match(r.sf__Id, ID18);
        assert.equal(r.sf__Created, 'true', JSON.stringify(r));
        firstIds.set(r[field], r.sf__Id);
      }
      assert.equal(firstIds.size, 4);
    });

    test('a second upsert updates the existing keys and creates the new ones', async () => {
      assert.equal(firstIds.size, 4, 'created by the previous test');
      const result = await upsert('upsert2.csv', [
        [2, 'Two again'],
        [4, 'Four'],
        [3, 'Three again'],
        [5, 'Five'],
      ]);
      assert.equal(result.jobInfo.numberRecordsProcessed, 4);
      assert.equal(result.jobInfo.numberRecordsFailed, 0);
      const byKey = new Map(result.records.successfulResults.map((r) => [r[field], r]));
      assert.equal(byKey.size, 4);
      for (const n of [2, 3]) {
        assert.equal(byKey.get(key(n)).sf__Created, 'false', `key ${n} existed`);
        assert.equal(byKey.get(key(n)).sf__Id, firstIds.get(key(n)), `key ${n} kept its record`);
      }
      for (const n of [4, 5]) {
        assert.equal(byKey.get(key(n)).sf__Created, 'true', `key ${n} is new`);
        assert.ok(![...firstIds.values()].includes(byKey.get(key(n)).sf__Id));
      }

      const rows = await sfOk(['data', 'query', '--query', `SELECT ${field}, FirstName FROM Contact WHERE ${field} LIKE '${key('')}%' ORDER BY ${field}`, '--target-org', alias]);
      assert.deepEqual(
        rows.records.map((r) => [r[field], r.FirstName]),
        [
          [key(0), 'Zero'],
          [key(1), 'One'],
          [key(2), 'Two again'],
          [key(3), 'Three again'],
          [key(4), 'Four'],
          [key(5), 'Five'],
        ],
      );
    });
  });

  test('data import bulk reports a row without its required field, and data bulk results gives the error', async () => {
    const file = join(work, 'bad.csv');
    writeFileSync(file, `LastName,FirstName\n${marker} good 1,Good\n,Nameless\n${marker} good 2,Good\n`);
    const err = await sfFails(['data', 'import', 'bulk', '--file', file, '--sobject', 'Contact', ...wait, '--target-org', alias]);
    assert.equal(err.name, 'FailedRecordDetailsError', JSON.stringify(err));
    assert.match(err.message, /failed to process 1 records/);
    assert.equal(err.data.state, 'JobComplete');
    const jobId = err.data.jobId;
    assert.match(jobId, /^750/);
    assert.ok(err.actions.some((a) => a.includes(`sf data bulk results`) && a.includes(jobId)), JSON.stringify(err.actions));

    const { result, success, failed } = await bulkResults(jobId);
    assert.equal(result.processedRecords, 3);
    assert.equal(result.successfulRecords, 2);
    assert.equal(result.failedRecords, 1);
    assert.equal(result.failedFilePath, `${jobId}-failed-records.csv`);
    assert.deepEqual(parseCSV(failed), [
      ['sf__Id', 'sf__Error', 'LastName', 'FirstName'],
      ['', 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --', '', 'Nameless'],
    ]);
    assert.equal(firstLine(failed), '"sf__Id","sf__Error",LastName,FirstName');
    assert.deepEqual(
      parseCSV(success)
        .slice(1)
        .map((r) => r[2])
        .sort(),
      [`${marker} good 1`, `${marker} good 2`],
    );
  });

  describe('data delete bulk', () => {
    let deletedIds;

    test('deletes every marked Contact listed in an Id CSV exported with data export bulk', async () => {
      const total = await count();
      assert.equal(total, N + 6 + 2, 'imported, upserted and the two good rows of the failed import');
      const idsFile = join(work, 'ids.csv');
      const exp = await sfOk(['data', 'export', 'bulk', '--query', `SELECT Id FROM Contact WHERE LastName LIKE '${marker}%'`, '--output-file', idsFile, ...wait, '--target-org', alias]);
      assert.equal(exp.totalSize, total);
      deletedIds = parseCSV(readFileSync(idsFile, 'utf8'))
        .slice(1)
        .map(([id]) => id);
      assert.equal(deletedIds.length, total);

      const result = await sfOk(['data', 'delete', 'bulk', '--file', idsFile, '--sobject', 'Contact', ...wait, '--target-org', alias]);
      assert.equal(result.jobInfo.operation, 'delete');
      assert.equal(result.jobInfo.state, 'JobComplete');
      assert.equal(result.jobInfo.numberRecordsProcessed, total);
      assert.equal(result.jobInfo.numberRecordsFailed, 0);
      assert.equal(result.records.successfulResults.length, total);
      assert.deepEqual(result.records.failedResults, []);
      for (const r of result.records.successfulResults) {
        assert.equal(r.sf__Created, 'false');
        assert.equal(r.sf__Id, r.Id);
      }
      assert.deepEqual(new Set(result.records.successfulResults.map((r) => r.sf__Id)), new Set(deletedIds));

      assert.equal(await count(), 0, 'gone from queries');
      assert.equal(await count(' AND IsDeleted = true', true), total, 'in the recycle bin (--all-rows)');
    });

    test('deleting them again, or an id of no record, fails those rows with Salesforce\'s errors', async () => {
      assert.ok(deletedIds, 'deleted by the previous test');
      const missing = '003000000000000AAA';
      const file = join(work, 'ids-again.csv');
      writeFileSync(file, `Id\n${deletedIds[0]}\n${missing}\n`);
      const err = await sfFails(['data', 'delete', 'bulk', '--file', file, '--sobject', 'Contact', ...wait, '--target-org', alias]);
      assert.equal(err.name, 'FailedRecordDetailsError', JSON.stringify(err));
      assert.match(err.message, /failed to process 2 records/);

      const { result, failed } = await bulkResults(err.data.jobId);
      assert.equal(result.operation, 'delete');
      assert.equal(result.processedRecords, 2);
      assert.equal(result.failedRecords, 2);
      const [header, ...rows] = parseCSV(failed);
      assert.deepEqual(header, ['sf__Id', 'sf__Error', 'Id']);
      // Salesforce does not promise the upload's order in result files.
      assert.deepEqual(
        rows.sort((a, b) => a[2].localeCompare(b[2])),
        [
          [missing, 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--', missing],
          [deletedIds[0], 'ENTITY_IS_DELETED:entity is deleted:--', deletedIds[0]],
        ].sort((a, b) => a[2].localeCompare(b[2])),
      );
    });
  });
});
