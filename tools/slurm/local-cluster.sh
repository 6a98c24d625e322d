#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for RadStation's cluster tests and benchmarks.
#
#   tools/slurm/local-cluster.sh start    install slurm-wlm + munge if missing, write slurm.conf, start munged,
#                                         slurmctld and slurmd, wait until the node is idle (idempotent)
#   tools/slurm/local-cluster.sh stop     stop the three daemons this script started
#   tools/slurm/local-cluster.sh status   "running" (exit 0) or "stopped" (exit 1), and sinfo
#
# Everything lives in $RADSTATION_SLURM_DIR (default /var/tmp/radstation-slurm): slurm.conf, state, spool,
# logs and pid files. /etc/slurm/slurm.conf becomes a symbolic link to that slurm.conf when it is absent (or
# already ours), so sbatch, squeue and sacct find it without SLURM_CONF. The node has this machine's CPUs and
# memory (slurmd -C), listens on 127.0.0.1 and needs no cgroups (proctrack/linuxproc, task/none), so it runs in
# a container without systemd. Daemons run as root (SlurmUser=root): a test cluster, not a production one.
# No accounting database: sacct reports "accounting storage is disabled"; `radstation slurm status` then reads
# squeue and the task results instead.
set -euo pipefail

dir="${RADSTATION_SLURM_DIR:-/var/tmp/radstation-slurm}"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

log() { echo "local-cluster: $*" >&2; }

# Runs a daemon without this script's open files, standard ones included, and with no signal blocked: a parent
# that waits for EOF on a descriptor it handed us (Foundation's Process does, on a socket) would otherwise wait as
# long as the daemon lives, and a signal mask inherited from a test process (SIGTERM blocked) would make munged
# deaf to `stop`. perl-base (Debian essential) resets the mask before the exec.
detached() {
  (
    for fd in $(ls /proc/self/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
    exec perl -MPOSIX -e 'sigprocmask(SIG_SETMASK, POSIX::SigSet->new); exec @ARGV or die "cannot start $ARGV[0]\n"' -- \
      "$@" </dev/null >/dev/null 2>&1
  )
}

stop_pids() { # pids → SIGTERM to all at once, up to 5 s, then SIGKILL to what is left
  local pid alive
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=""
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && return 0
    sleep 0.1
  done
  for pid in "$@"; do kill -9 "$pid" 2>/dev/null || true; done
}

running() { # pid file → true when that process is alive
  [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

write_config() {
  mkdir -p "$dir/state" "$dir/spool"
  local node cpus memory
  node="$(hostname -s)"
  cpus="$(nproc)"
  # slurmd -C measures RealMemory; ask for a little less so the node never drains for "low memory".
  memory="$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1)"
  memory="$(( ${memory:-1024} * 95 / 100 ))"
  cat > "$conf.new" <<EOF
# Written by RadStation tools/slurm/local-cluster.sh: a one-node test cluster.
ClusterName=radstation
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
# Start the next array task as soon as a CPU frees up (defaults batch_sched_delay=3 s and a 2 s minimum between
# scheduling cycles leave one task per CPU every ~3 s: most of the per-task overhead on a one-node cluster).
SchedulerParameters=batch_sched_delay=0,sched_min_interval=100000,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
MpiDefault=none
MaxArraySize=10001
MinJobAge=600
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
DefMemPerCPU=512
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$conf.new" "$conf"
  if [ ! -e /etc/slurm/slurm.conf ] || [ "$(readlink /etc/slurm/slurm.conf || true)" = "$conf" ]; then
    mkdir -p /etc/slurm
    ln -sfn "$conf" /etc/slurm/slurm.conf
  else
    log "/etc/slurm/slurm.conf exists and is not ours: clients need SLURM_CONF=$conf"
  fi
}

start_munge() {
  if munge -n </dev/null >/dev/null 2>&1; then return 0; fi
  if [ ! -s /etc/munge/munge.key ]; then
    install -d -o munge -g munge -m 0700 /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
  fi
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
  detached runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
  echo "/run/munge/munged.pid" > "$dir/munged.started"
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "munged did not answer"; return 1
}

wait_idle() {
  for _ in $(seq 120); do
    state="$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)"
    case "$state" in
      idle|mixed|allocated) return 0 ;;
      drain*|down*) scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  log "the node did not become idle (state: ${state:-none}); see $dir/slurmctld.log and $dir/slurmd.log"
  return 1
}

start() {
  install_packages
  mkdir -p "$dir"
  if running "$dir/slurmctld.pid" && running "$dir/slurmd.pid"; then
    wait_idle
    log "already running ($conf)"
    return 0
  fi
  write_config
  start_munge
  running "$dir/slurmctld.pid" || detached slurmctld -f "$conf" -c -i
  for _ in $(seq 50); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
  running "$dir/slurmd.pid" || detached slurmd -f "$conf" -N "$(hostname -s)"
  wait_idle
  log "running: $(sinfo -h -o '%P %D %c %m %T' | head -1) ($conf)"
}

stop() {
  local pids=()
  for daemon in slurmd slurmctld; do
    if running "$dir/$daemon.pid"; then pids+=("$(cat "$dir/$daemon.pid")"); fi
  done
  if [ -f "$dir/munged.started" ]; then
    pidfile="$(cat "$dir/munged.started")"
    if running "$pidfile"; then pids+=("$(cat "$pidfile")"); fi
  fi
  [ ${#pids[@]} -eq 0 ] || stop_pids "${pids[@]}"
  rm -f "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.started"
  log "stopped"
}

status() {
  if running "$dir/slurmctld.pid" && running "$dir/slurmd.pid"; then
    echo "running"
    sinfo 2>/dev/null || true
    return 0
  fi
  echo "stopped"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac
