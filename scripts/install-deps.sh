#!/usr/bin/env bash
# Installs the Debian packages Accord needs to build and test. Idempotent: quiet
# and quick when everything is already there.
set -euo pipefail

# Build tools and libraries, the independent readers the tests open our files with,
# clang with its sanitizer and libFuzzer runtimes for the slower suites, and the
# browser the web interface's tests drive (playwright-core runs /usr/bin/chromium).
packages=(
  build-essential cmake ccache pkg-config git
  libgit2-dev libpoco-dev libpugixml-dev libspdlog-dev libfmt-dev
  doctest-dev libxml2-dev libxml2-utils libcli11-dev libzip-dev
  pandoc python3-docx libreoffice-writer-nogui python3-uno fonts-nanum poppler-utils
  clang libclang-rt-14-dev openssh-client openssh-server python3
  libsodium-dev libmimalloc-dev libsimdjson-dev zlib1g-dev wrk curl openssl chromium
)
# Node.js comes with the machine image; Debian's packages stand in when it does not.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages kept inside the project, each folder pinned by its package-lock.json.
npm_install() {
  echo "install-deps: installing the npm packages of $2"
  (cd "$1" && npm ci --silent --no-audit --no-fund >/dev/null 2>&1 || npm install --silent --no-audit --no-fund >/dev/null)
}

# The HWPX reader the tests open exports with.
readers="$(dirname "$0")/../tests/readers"
[ -x "$readers/node_modules/.bin/hwpxjs" ] || npm_install "$readers" tests/readers

# The web interface's build (esbuild, ProseMirror) and browser tests (playwright-core,
# axe-core), installed again when web/package-lock.json changes.
web="$(dirname "$0")/../web"
if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  npm_install "$web" web
fi
