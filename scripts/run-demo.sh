#!/usr/bin/env bash
# Builds Bandeng and runs it at http://127.0.0.1:3000 on the embedded database in ./data/,
# filled with demo data on first start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ROOT"
say "building (the first build takes about half an hour on two cores)"
cargo leptos build
say "starting on http://${BANDENG_ADDR:-127.0.0.1:3000}"
exec "$CARGO_TARGET_DIR/debug/bandeng" serve --demo --site-root "$ROOT/target/site" "$@"
