#!/usr/bin/env bash
# Debian packages the test suite needs: GNU Octave (conformance of arraylens.octave) and
# Chromium (the browser tests of the interactive page). Installs only what is missing.
set -euo pipefail
need=()
command -v octave-cli >/dev/null 2>&1 || need+=(octave)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if [ -n "${CI:-}" ]; then
        echo "install-system-deps: missing ${need[*]} and not root: cannot install in CI" >&2
        exit 1
    fi
    echo "install-system-deps: missing ${need[*]}; install with: sudo apt-get install ${need[*]}" >&2
    echo "install-system-deps: the tests that need them will be skipped locally" >&2
    exit 0
fi
echo "install-system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
