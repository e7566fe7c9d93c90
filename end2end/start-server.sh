#!/usr/bin/env bash
# Starts the app for the end-to-end tests: a fresh embedded database with the demo data and one
# system admin, created the way a real deployment creates it (`bandeng admin create`).
# Env: BANDENG_BIN, BANDENG_SITE_ROOT, E2E_PORT, E2E_ADMIN_PHONE, E2E_ADMIN_PASSWORD, E2E_SMS_LOG
# (where the server writes text messages, so tests can read a resident's one-time code).
set -euo pipefail
dir="$(mktemp -d)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
: >"$E2E_SMS_LOG"
trap 'exit 0' INT TERM
printf '%s\n' "$E2E_ADMIN_PASSWORD" |
  "$BANDENG_BIN" admin create --phone "$E2E_ADMIN_PHONE" --name 测试管理员 --db "rocksdb://$dir/db"
"$BANDENG_BIN" serve --db "rocksdb://$dir/db" --demo --addr "127.0.0.1:$E2E_PORT" \
  --site-root "$BANDENG_SITE_ROOT" --intake-burst 1000 --login-burst 1000 \
  --public-url "http://127.0.0.1:$E2E_PORT" --sms-log "$E2E_SMS_LOG" &
pid=$!
wait "$pid"
