#!/bin/sh
# install-deps.sh — installs the Debian packages Madrasa builds, runs and tests with.
#
# Idempotent and quiet: it asks dpkg which packages are missing and calls apt-get only for
# those, so a second run on a ready machine prints nothing and takes a fraction of a second.
# Run as root (or with sudo). The npm packages for the browser tests live in tests/browser
# and are installed by `make check` itself (npm ci), never committed.
set -eu

PKGS="build-essential pkg-config curl ca-certificates python3
libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev postgresql
libsodium-dev libutf8proc-dev libstemmer-dev liblbfgs-dev
libpoppler-glib-dev libxml2-dev libxml2-utils zlib1g-dev libqrencode-dev libcairo2-dev
libcmocka-dev libcurl4-openssl-dev
fonts-noto-core chromium nodejs"

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
# npm ships inside some nodejs builds; ask for the Debian package only when the command is absent.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
