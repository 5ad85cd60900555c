#!/usr/bin/env bash
# Installs what Serverinfo Observatory needs on Debian 12 (bookworm): the system packages of the
# local federation (as root, or through sudo), today's servers from bookworm-backports unpacked
# into .servers/, and the npm packages. Safe to run again: it installs only what is missing.
# Used by `npm test`, `npm run demo` and .ci/run alike.
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

# Today's servers, beside the system's Prosody 0.12.3 and ejabberd 23.01: fetched from
# bookworm-backports and unpacked (never installed) into .servers/<name>/, from where the federation
# starts them. The ejabberd folder also holds the newer Erlang libraries (erlang-p1-*) it needs.
BACKPORTS_SUITE=bookworm-backports
BACKPORTS_SERVERS=(prosody=13.0.1-1~bpo12+1 ejabberd=24.12-3~bpo12+1)
SERVERS_DIR=.servers

# How to run a command as root: directly, through sudo, or not at all (can_root=no).
can_root=yes
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=(sudo); else can_root=no; fi
fi

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$can_root" = no ]; then
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

# The servers not yet unpacked, or unpacked at another version than BACKPORTS_SERVERS names.
wanted_servers=()
for wanted in "${BACKPORTS_SERVERS[@]}"; do
  [ "$(cat "$SERVERS_DIR/${wanted%%=*}/.wanted" 2>/dev/null)" = "$wanted" ] || wanted_servers+=("$wanted")
done

if [ ${#wanted_servers[@]} -gt 0 ]; then
  # shellcheck source=/dev/null
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  if [ "$codename" != bookworm ]; then
    echo "setup: ${wanted_servers[*]} come from Debian's $BACKPORTS_SUITE, for Debian 12 (bookworm); this system is ${codename:-unknown}." >&2
    exit 1
  fi
  source_file=/etc/apt/sources.list.d/serverinfo-observatory-backports.sources
  if [ ! -f "$source_file" ]; then
    if [ "$can_root" = no ]; then
      echo "setup: $BACKPORTS_SUITE is needed for ${wanted_servers[*]}: run bash scripts/setup.sh as root (or with sudo)." >&2
      exit 1
    fi
    # The same Debian mirror as the system's own bookworm source. Backports is pinned below the
    # release (priority 100), so it upgrades nothing: packages come from it only when asked by version.
    mirror_of_bookworm() { apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' | awk '$2 == "bookworm" { print $1; exit }'; }
    mirror=$(mirror_of_bookworm)
    if [ -z "$mirror" ]; then
      "${as_root[@]}" apt-get update -q
      mirror=$(mirror_of_bookworm)
    fi
    if [ -z "$mirror" ]; then
      echo "setup: no apt source for Debian bookworm was found, so $BACKPORTS_SUITE cannot be added beside it." >&2
      exit 1
    fi
    echo "setup: adding $BACKPORTS_SUITE ($mirror) as an apt source in $source_file"
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" "$BACKPORTS_SUITE" |
      "${as_root[@]}" tee "$source_file" >/dev/null
    "${as_root[@]}" apt-get update -q
  fi
  # shellcheck disable=SC2016
  backports_packages() { apt-get install -s -q -t "$BACKPORTS_SUITE" "$1" 2>/dev/null | awk '/^Inst / { v = $0; sub(/^[^(]*\(/, "", v); split(v, a, " "); print $2 "=" a[1] }'; }
  mkdir -p "$SERVERS_DIR"
  for wanted in "${wanted_servers[@]}"; do
    name=${wanted%%=*}
    # What apt would take from backports to install this version over the system's packages: the
    # package and the newer libraries it needs. They go into the server's own folder, not the system.
    packages=$(backports_packages "$wanted")
    if ! grep -qxF "$wanted" <<<"$packages" && [ "$can_root" = yes ]; then
      "${as_root[@]}" apt-get update -q # the package lists may be older than the source, or gone
      packages=$(backports_packages "$wanted")
    fi
    if ! grep -qxF "$wanted" <<<"$packages"; then
      echo "setup: $wanted is not in $BACKPORTS_SUITE (apt-cache policy ${name} says which versions are)." >&2
      exit 1
    fi
    echo "setup: unpacking $(tr '\n' ' ' <<<"$packages")into $SERVERS_DIR/$name"
    work=$(mktemp -d "$SERVERS_DIR/.$name.XXXXXX")
    mkdir "$work/debs" "$work/root"
    # apt downloads as its own user (_apt), into a folder that user can reach and write.
    chmod 755 "$work"
    if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$work/debs"; fi
    # shellcheck disable=SC2086
    (cd "$work/debs" && apt-get download -q $packages)
    for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
    printf '%s\n' "$packages" >"$work/root/.packages"
    printf '%s\n' "$wanted" >"$work/root/.wanted"
    rm -rf "${SERVERS_DIR:?}/$name"
    mv "$work/root" "$SERVERS_DIR/$name"
    rm -rf "$work"
  done
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

# The crawler compiled to JavaScript (build/), which the observatory command runs: compiled at every
# setup, so that `npm test`, `npm run demo` and .ci/run always run the sources as they are.
echo "setup: compiling the crawler into build/"
node bin/crawler-build.mjs
