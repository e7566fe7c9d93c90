#!/usr/bin/env bash
# Builds the release site, starts it on an in-memory database with demo data, prints the weight
# of each page (npm --prefix end2end run page-weight), and stops the server it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ROOT"
cargo build --release -p server --bin bandeng
cargo run --quiet -p site -- --release --precompress
port="${PAGE_WEIGHT_PORT:-3200}"
"$CARGO_TARGET_DIR/release/bandeng" serve --db mem:// --demo --addr "127.0.0.1:$port" \
  --site-root "$ROOT/target/site" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
BASE_URL="http://127.0.0.1:$port" npm --prefix end2end run --silent page-weight -- "$@"
