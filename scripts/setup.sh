#!/usr/bin/env bash
# Installs everything mpathbox needs on a fresh Debian 12 machine (as root):
# the Debian packages for the VM tests and the reference tools, then the npm
# dependencies (which include the bun toolchain). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(qemu-system-x86 linux-image-amd64 busybox-static multipath-tools kpartx sg3-utils cpio udev dmsetup
  hyperfine fdisk gdisk parted util-linux ca-certificates)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x node_modules/.bin/bun ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
node_modules/.bin/bun --version >/dev/null
