#!/bin/sh
# Install mpathbox as the multipath tools of this system: the binary and its
# tool links in SBINDIR, the udev rules, and kpartx_id where udev runs its
# helpers. On distributions whose device-mapper rules are numbered as
# Debian's (55-dm.rules instead of 10-dm.rules), the dm rules are renumbered
# to run after them, under the names Debian's multipath-tools uses.
#   contrib/install.sh [--sbindir DIR] [--udevdir DIR] [BINARY]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sbindir=/usr/sbin
udevdir=/usr/lib/udev
while [ $# -gt 0 ]; do
  case $1 in
    --sbindir) sbindir=$2; shift 2 ;;
    --udevdir) udevdir=$2; shift 2 ;;
    *) break ;;
  esac
done
binary=${1:-$here/../dist/mpathbox}
[ -x "$binary" ] || { echo "install.sh: $binary is not an executable (run bun build.ts)" >&2; exit 1; }

mkdir -p "$sbindir" "$udevdir/rules.d"
if [ "$(readlink -f "$binary")" != "$(readlink -f "$sbindir/mpathbox" 2>/dev/null || true)" ]; then
  cp "$binary" "$sbindir/mpathbox.new" && mv -f "$sbindir/mpathbox.new" "$sbindir/mpathbox"
fi
"$sbindir/mpathbox" --install "$sbindir" --force
ln -sf "$sbindir/mpathbox" "$udevdir/kpartx_id"

rename() {
  if [ -e "$udevdir/rules.d/55-dm.rules" ] && [ ! -e "$udevdir/rules.d/10-dm.rules" ]; then
    case $1 in
      11-dm-mpath.rules) echo 56-dm-mpath.rules ;;
      11-dm-parts.rules) echo 56-dm-parts.rules ;;
      56-multipath.rules) echo 60-multipath.rules ;;
      66-kpartx.rules) echo 60-kpartx.rules ;;
      *) echo "$1" ;;
    esac
  else
    echo "$1"
  fi
}
for r in "$here"/udev/*.rules; do
  name=$(rename "$(basename "$r")")
  cp "$r" "$udevdir/rules.d/$name.new" && mv -f "$udevdir/rules.d/$name.new" "$udevdir/rules.d/$name"
  echo "$udevdir/rules.d/$name"
done
if command -v udevadm >/dev/null 2>&1; then udevadm control --reload 2>/dev/null || true; fi
