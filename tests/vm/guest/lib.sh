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

# nvme_load native|dm: load the NVMe driver for the harness's emulated
# controllers. native: nvme_core multipath=Y, the kernel joins a shared
# namespace's paths in one nvmeXnY head; dm: multipath=N, every controller
# gives its own nvmeXnY for dm-multipath. nvme_unload undoes it (to switch).
nvme_load() {
  case $1 in native) _mp=Y ;; dm) _mp=N ;; *) echo "nvme_load native|dm" >&2; return 1 ;; esac
  # udev's coldplug loads the driver for the PCI controllers with the default (Y)
  if [ -e /sys/module/nvme_core ] && [ "$(cat /sys/module/nvme_core/parameters/multipath)" != $_mp ]; then
    nvme_unload || return 1
  fi
  modprobe nvme_core multipath=$_mp || return 1
  modprobe nvme || return 1
  # controllers probe asynchronously: wait until each has its namespaces
  for _i in $(seq 1 100); do
    _n=$(ls -d /sys/class/nvme/nvme* 2>/dev/null | wc -l)
    [ "$_n" -gt 0 ] && [ "$(cat /sys/class/nvme/nvme*/state | grep -vc live)" = 0 ] && break
    sleep 0.2
  done
  udevadm settle --timeout=60
}
nvme_unload() {
  for _c in /sys/class/nvme/nvme*; do
    [ -e "$_c/transport" ] && [ "$(cat "$_c/transport")" != pcie ] && echo 1 > "$_c/delete_controller"
  done
  udevadm settle --timeout=60
  # udev may still hold a namespace open for probing: retry a busy module
  for _m in nvme_tcp nvme_fabrics nvme nvme_core; do
    _t=0
    while [ -e "/sys/module/$_m" ]; do
      rmmod "$_m" 2>/dev/null && break
      _t=$((_t + 1)); [ $_t -ge 50 ] && { rmmod "$_m"; return 1; }
      udevadm settle --timeout=10; sleep 0.2
    done
  done
  udevadm settle --timeout=60
}
# nvme_disks: whole-disk nvme block devices, sorted.
nvme_disks() { ls /sys/block | grep '^nvme' | sort; }

# nvmet_tcp_subsys NQN SIZE_MB PORTS: a Linux NVMe target subsystem (file
# backed, one namespace) exported on PORTS loopback TCP ports (4420, 4421,
# ...), each connected once: PORTS controllers, i.e. paths (nvme_load first).
# nvmet reports ANA: port N's group state is in .../ports/N/ana_groups/1/ana_state.
# nvmet_tcp_connect NQN PORTS connects again (after nvme_unload/nvme_load).
nvmet_tcp_connect() {
  modprobe nvme_tcp || return 1
  _i=1
  while [ $_i -le "$2" ]; do
    echo "transport=tcp,traddr=127.0.0.1,trsvcid=$((4419 + _i)),nqn=$1" > /dev/nvme-fabrics || return 1
    _i=$((_i + 1))
  done
  udevadm settle --timeout=60
}
nvmet_tcp_subsys() {
  _nqn=$1 _size=$2 _ports=$3
  modprobe nvmet_tcp && modprobe nvme_tcp || return 1
  ip link set lo up
  _c=/sys/kernel/config/nvmet
  mkdir -p "$_c/subsystems/$_nqn/namespaces/1" || return 1
  echo 1 > "$_c/subsystems/$_nqn/attr_allow_any_host"
  dd if=/dev/zero of="/tmp/$_nqn.img" bs=1M count=0 seek="$_size" 2>/dev/null
  echo -n "/tmp/$_nqn.img" > "$_c/subsystems/$_nqn/namespaces/1/device_path"
  # /tmp is a tmpfs: no O_DIRECT, so the file backend must use the page cache
  echo 1 > "$_c/subsystems/$_nqn/namespaces/1/buffered_io"
  echo 1 > "$_c/subsystems/$_nqn/namespaces/1/enable" || return 1
  _i=1
  while [ $_i -le "$_ports" ]; do
    _p=$_c/ports/$_i
    mkdir -p "$_p" || return 1
    echo tcp > "$_p/addr_trtype"; echo ipv4 > "$_p/addr_adrfam"
    echo 127.0.0.1 > "$_p/addr_traddr"; echo $((4419 + _i)) > "$_p/addr_trsvcid"
    ln -s "$_c/subsystems/$_nqn" "$_p/subsystems/$_nqn" || return 1
    _i=$((_i + 1))
  done
  nvmet_tcp_connect "$_nqn" "$_ports"
}
