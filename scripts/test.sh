#!/usr/bin/env bash
# Every check that decides whether a change lands: format, lints for both builds (clippy builds
# what the tests run), unit and server tests (in-memory and on-disk SurrealDB), then Playwright in
# Debian's chromium, JS on and off.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ROOT"
started=$(date +%s)
step() { say "$1 (+$(($(date +%s) - started)) s)"; }

step "cargo fmt --check"
cargo fmt --all --check

# Clippy is the compiler of the workspace's own crates (RUSTC_WORKSPACE_WRAPPER, as `cargo clippy`
# sets it): the builds the tests need are linted as they are made, with warnings denied, instead
# of a second, check-only build of every dependency for clippy alone. Dependencies are compiled
# by rustc as usual.
export RUSTC_WORKSPACE_WRAPPER
RUSTC_WORKSPACE_WRAPPER="$(command -v clippy-driver)"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

step "build and lint the server build: library, binary, tests, benchmark (clippy -D warnings)"
cargo test --workspace --all-targets --no-run

step "unit and server tests"
cargo test --workspace

step "build and lint the site: the browser build goes through clippy too (cargo run -p site)"
cargo run --quiet -p site

step "end-to-end tests (Playwright, Pixel 5, JavaScript on and off)"
export BANDENG_BIN="$CARGO_TARGET_DIR/debug/bandeng"
export BANDENG_SITE_ROOT="$ROOT/target/site"
(cd end2end && npx playwright test)

step "all tests passed"
