#!/usr/bin/env bash
# Installs what Serverinfo Observatory needs on Debian or Ubuntu: the system packages of the
# local federation (as root, or through sudo) and the npm packages. Safe to run again: it
# installs only what is missing. Used by `npm test`, `npm run demo` and .ci/run alike.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-aioxmpp: the authbot oracle (test/oracles/authbot_oracle.py) decides with the very
# libraries the real authbot uses.
# systemd: systemd-analyze verifies the shipped unit (scripts/deploy.test.ts).
SYSTEM_PACKAGES=(prosody ejabberd lua-unbound dnsmasq-base openssl util-linux chromium nginx python3-aioxmpp systemd)

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?"yes":"no")')
if [ "$node_ok" != yes ]; then
  echo "setup: Node.js 20.19 or newer is needed (this is $(node --version))." >&2
  exit 1
fi

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them as root with: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  # Keep apt from starting Prosody and ejabberd as system services: the federation runs its own.
  made_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${as_root[@]}" chmod +x /usr/sbin/policy-rc.d
    made_policy=yes
  fi
  cleanup() { if [ "$made_policy" = yes ]; then "${as_root[@]}" rm -f /usr/sbin/policy-rc.d; fi; }
  trap cleanup EXIT
  "${as_root[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  cleanup
  trap - EXIT
fi

# npm packages: install when absent or when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (better-sqlite3 builds from source: about a minute)"
  if ! npm ci --no-audit --no-fund; then
    # npm/cli#4828: a lock file written where a registry lacks some platform-specific optional
    # packages (rollup's binaries) does not list them, and `npm ci` then refuses it. `npm install`
    # still installs every locked version, and --no-save leaves the checkout unchanged.
    echo "setup: npm ci refused the lock file (npm/cli#4828); installing the locked versions with npm install"
    npm install --no-audit --no-fund --no-save
  fi
fi
