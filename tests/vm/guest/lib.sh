# Helpers for VM scenarios (sourced before /scenario.sh). Results go to fd 3
# (ttyS1) as sections the host harness decodes: stdout and stderr base64.

# run NAME CMD [ARGS...]: run a command, record its exit code and output.
run() {
  _name=$1; shift
  "$@" > /tmp/.run.out 2> /tmp/.run.err
  _rc=$?
  {
    echo "@@SECTION $_name $_rc"
    echo "@@OUT"; base64 < /tmp/.run.out
    echo "@@ERR"; base64 < /tmp/.run.err
    echo "@@END"
  } >&3
  return $_rc
}

# note TEXT: a free-form line in the results (shown when a test fails).
note() { echo "@@NOTE $*" >&3; }

# scsi_debug_paths HOSTS TARGETS LUNS [param=value...]: HOSTS paths to each of
# TARGETS*LUNS logical units (vpd_use_hostno=0 makes all hosts show one LU).
scsi_debug_paths() {
  _h=$1 _t=$2 _l=$3; shift 3
  modprobe scsi_debug add_host="$_h" num_tgts="$_t" max_luns="$_l" vpd_use_hostno=0 "$@" || return 1
  udevadm settle --timeout=60
}

# sd devices of the scsi_debug hosts, sorted by H:C:T:L.
scsi_debug_disks() {
  for d in /sys/bus/scsi/drivers/sd/*:*:*:*; do
    [ -e "$d/block" ] || continue
    grep -q scsi_debug "$d/model" 2>/dev/null || continue
    echo "$(basename "$d") $(ls "$d/block")"
  done | sort -t: -k1,1n -k2,2n -k3,3n -k4,4n | cut -d' ' -f2
}

path_offline() { echo offline > "/sys/block/$1/device/state"; }
path_online() { echo running > "/sys/block/$1/device/state"; }
path_remove() { echo 1 > "/sys/block/$1/device/delete"; udevadm settle; }
# Re-scan every SCSI host (brings back removed paths).
scsi_rescan() { for h in /sys/class/scsi_host/host*; do echo "- - -" > "$h/scan"; done; udevadm settle; }

# Enable the multipath-tools udev rules (kept aside in the base image).
enable_mpath_rules() { cp /usr/lib/udev/rules.mpath/* /usr/lib/udev/rules.d/; udevadm control --reload; }

# lio_lun NAME SIZE_MB PORTS [noserial]: a LIO fileio backstore exported through
# PORTS tcm_loop ports (each a SCSI host, i.e. a path) with ALUA and PR support.
# With noserial the LU has no unit serial: no VPD identity, udev finds no WWID.
lio_lun() {
  _n=$1 _size=$2 _ports=$3
  _cfg=/sys/kernel/config/target
  mkdir -p "$_cfg/core/fileio_0/$_n" || return 1
  echo "fd_dev_name=/tmp/$_n.img,fd_dev_size=$((_size * 1048576))" > "$_cfg/core/fileio_0/$_n/control"
  # A unit serial gives the LU its VPD 0x80/0x83 identity (and the PR file name).
  [ "$4" = noserial ] || echo "$(echo "$_n" | md5sum | cut -c1-8)-0000-4000-8000-$(echo "$_n" | md5sum | cut -c9-20)" \
    > "$_cfg/core/fileio_0/$_n/wwn/vpd_unit_serial"
  echo 1 > "$_cfg/core/fileio_0/$_n/enable" || return 1
  _i=0
  while [ $_i -lt "$_ports" ]; do
    _wwn=naa.5001405$(printf '%09x' $((_i + 1)))
    _tpg=$_cfg/loopback/$_wwn/tpgt_1
    mkdir -p "$_tpg/lun/lun_0" || return 1
    echo "naa.5001405f$(printf '%08x' $((_i + 1)))" > "$_tpg/nexus"
    ln -s "$_cfg/core/fileio_0/$_n" "$_tpg/lun/lun_0/$_n"
    _i=$((_i + 1))
  done
  udevadm settle --timeout=60
}

# count_disks: how many scsi_debug sd devices exist.
count_disks() { scsi_debug_disks | wc -l; }
# disk_states: "sdX state" for every scsi_debug disk.
disk_states() { for d in $(scsi_debug_disks); do echo "$d $(cat /sys/block/$d/device/state)"; done; }

# simple_conf: the multipath.conf most scenarios use (friendly names, a map
# for every WWID, whatever its path count).
simple_conf() {
  printf 'defaults {\n    user_friendly_names yes\n    find_multipaths no\n}\n' > /etc/multipath.conf
}
