// emulator.mjs reads the running emulator's ready file, which run.sh names in
// SFEMU_READY_FILE, so each test file can connect to the same org.
import { readFileSync } from 'node:fs';

/**
 * readyInfo returns { instance_url, access_token, username, password,
 * security_token, org_id, user_id, login_url, client_id, client_secret,
 * redirect_uri, admin_token } as the emulator wrote them once it was serving.
 */
export function readyInfo() {
  const path = process.env.SFEMU_READY_FILE;
  if (!path) {
    throw new Error('SFEMU_READY_FILE is not set: run the suite with `bash e2e/run.sh`');
  }
  const info = JSON.parse(readFileSync(path, 'utf8'));
  for (const key of ['instance_url', 'access_token', 'username', 'org_id', 'user_id']) {
    if (typeof info[key] !== 'string' || info[key] === '') {
      throw new Error(`ready file ${path} has no ${key}`);
    }
  }
  return info;
}

/** uniqueName returns a name no other run or test uses, for records a test creates. */
export function uniqueName(prefix) {
  return `${prefix} ${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
