# Sourced by the other scripts: paths and tool locations, nothing that installs or builds.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# In-browser tests run through wasm-bindgen's runner in Debian's headless Chromium.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
SERVER_BIN="$ROOT/target/server/kepuri-server"
step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }
