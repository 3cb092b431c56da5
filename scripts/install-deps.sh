#!/usr/bin/env bash
# Installs the Debian packages Accord needs to build and test. Idempotent: quiet
# and quick when everything is already there.
set -euo pipefail

# Build tools and libraries, then the independent readers the tests open our files with.
packages=(
  build-essential cmake ccache pkg-config git
  libgit2-dev libpoco-dev libpugixml-dev libspdlog-dev libfmt-dev
  doctest-dev libxml2-dev libxml2-utils libcli11-dev
  pandoc
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
