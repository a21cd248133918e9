#!/usr/bin/env bash
# Install the Debian packages reportgen needs, when run as root on Debian: WeasyPrint's Pango stack, and
# with the argument "browser" also Chromium and Java for the browser tests and the Nu HTML checker.
# Elsewhere it only says what is missing: install those packages with your system's package manager.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig)
consequence="rendering PDFs (reportgen brief, site, make demo) needs them and may fail; HTML output does not"
if [ "${1:-}" = browser ]; then
  packages=(chromium default-jre-headless)
  command -v npm >/dev/null || packages+=(npm)
  consequence="the browser tests will be skipped"
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt run (an unattended upgrade) holds the lock for a while: wait for it rather than fail at once.
  apt-get -o DPkg::Lock::Timeout=120 update -qq || true
  apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "warning: could not install ${missing[*]}; ${consequence}" >&2
else
  echo "warning: missing system packages (install them first): ${missing[*]}; until then ${consequence}" >&2
fi
