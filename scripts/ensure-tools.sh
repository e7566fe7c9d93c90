#!/usr/bin/env bash
# Installs what building and testing Bandeng needs, when it is missing. Sourced by the other
# scripts: it exports PATH and CARGO_TARGET_DIR for them. Versions: ../shared/TOOLCHAIN.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APT_PACKAGES=(clang libclang-dev chromium fonts-noto-cjk fonts-noto-color-emoji zbar-tools librsvg2-bin)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# One target dir outside the clone, so a fresh clone on the same machine builds incrementally.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bandeng/target}"
mkdir -p "$CARGO_TARGET_DIR"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

missing_apt=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing_apt+=("$pkg")
done
if ((${#missing_apt[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    say "installing Debian packages: ${missing_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
  else
    echo "missing Debian packages: ${missing_apt[*]} (run: sudo apt-get install ${missing_apt[*]})" >&2
    exit 1
  fi
fi

if ! command -v clippy-driver >/dev/null; then
  say "adding clippy"
  rustup component add clippy
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Playwright and wasm-opt (binaryen) come from npm; the browser is Debian's chromium.
if [[ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" || "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]]; then
  say "installing npm packages in end2end/"
  (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# Leaflet comes from npm and is served by our own server (no CDN): copied into public/, not committed.
leaflet_src="$ROOT/end2end/node_modules/leaflet"
leaflet_dst="$ROOT/public/vendor/leaflet"
if [[ ! -f "$leaflet_dst/leaflet.js" || "$leaflet_src/dist/leaflet.js" -nt "$leaflet_dst/leaflet.js" ]]; then
  mkdir -p "$leaflet_dst"
  cp "$leaflet_src/dist/leaflet.js" "$leaflet_src/dist/leaflet.css" "$leaflet_src/LICENSE" "$leaflet_dst/"
fi
