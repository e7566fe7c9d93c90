#!/usr/bin/env bash
# Builds Bandeng and runs it at http://127.0.0.1:3000 on the embedded database in ./data/,
# filled with demo data on first start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ROOT"
say "building (the first build takes about half an hour on two cores)"
cargo build -p server --bin bandeng
cargo run --quiet -p site
bin="$CARGO_TARGET_DIR/debug/bandeng"
# A system admin to try the admin screens with: a random password, made once, kept beside the data.
credentials="$ROOT/data/demo-admin.txt"
if [[ ! -f "$credentials" && -z "${BANDENG_DB:-}" ]]; then
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 14)"
  if printf '%s\n' "$password" | "$bin" admin create --phone 13800000000 --name 演示管理员 >/dev/null; then
    mkdir -p "$ROOT/data"
    printf 'phone: 13800000000\npassword: %s\n' "$password" >"$credentials"
    chmod 600 "$credentials"
  fi
fi
if [[ -f "$credentials" ]]; then
  say "sign in at /login as the demo admin ($credentials): $(tr '\n' ' ' <"$credentials")"
fi
say "starting on http://${BANDENG_ADDR:-127.0.0.1:3000}"
# No SMS gateway in a demo: residents' one-time codes are printed here.
exec "$bin" serve --demo --site-root "$ROOT/target/site" --sms-log - "$@"
