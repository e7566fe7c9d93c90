#!/usr/bin/env bash
# Every check that decides whether a change lands: format, lints for both builds, unit and server
# tests (in-memory and on-disk SurrealDB), then Playwright in Debian's chromium, JS on and off.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ROOT"
started=$(date +%s)
step() { say "$1 (+$(($(date +%s) - started)) s)"; }

step "cargo fmt --check"
cargo fmt --all --check

step "clippy, server build (ssr)"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy, browser build (hydrate)"
cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "unit and server tests"
cargo test --workspace

step "build the site (cargo leptos build --split)"
cargo leptos build --split

step "end-to-end tests (Playwright, Pixel 5, JavaScript on and off)"
export BANDENG_BIN="$CARGO_TARGET_DIR/debug/bandeng"
export BANDENG_SITE_ROOT="$ROOT/target/site"
(cd end2end && npx playwright test)

step "all tests passed"
