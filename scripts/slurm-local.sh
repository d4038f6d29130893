#!/usr/bin/env bash
# A single-node Slurm on this machine, for the batch-path tests and for trying jobs/sweep.slurm
# on a workstation (run as root; needs Debian's slurm-wlm and munge; no systemd).
#   scripts/slurm-local.sh up     starts munged (if needed), slurmctld and slurmd with a private
#                                 configuration and state under $RS_SLURM_DIR, waits until the
#                                 node is idle, and prints the line to export SLURM_CONF
#   scripts/slurm-local.sh down   stops exactly the daemons `up` started (by their PIDs) and
#                                 removes the state directory
# Settings that work on these machines (DESIGN.md section 6): proctrack/linuxproc, task/none,
# select/cons_tres, AuthInfo cred_expire=10 (a requeued job restarts ~11 s later), and the
# node declared with RS_SLURM_CPUS CPUs (default 4, more than the 2 cores, so a 1 master +
# 2 worker job fits; the master sleeps while it waits).
set -euo pipefail
D=${RS_SLURM_DIR:-/tmp/rheosweep-slurm}
CPUS=${RS_SLURM_CPUS:-4}
host=$(hostname -s)

up() {
  [ "$(id -u)" = 0 ] || { echo "slurm-local: run as root (the daemons run as root here)" >&2; exit 1; }
  for b in slurmctld slurmd munged sinfo; do
    command -v "$b" > /dev/null || { echo "slurm-local: '$b' not found: apt-get install slurm-wlm munge" >&2; exit 1; }
  done
  if [ -f "$D/pids" ]; then echo "slurm-local: already up ($D/pids); run 'down' first" >&2; exit 1; fi
  if pgrep -x slurmctld > /dev/null || pgrep -x slurmd > /dev/null; then
    echo "slurm-local: a slurmctld or slurmd is already running (pids $(pgrep -x 'slurmctld|slurmd' | tr '\n' ' ')): stop it first (RS_SLURM_DIR=<its dir> $0 down)" >&2
    exit 1
  fi
  mkdir -p "$D/state" "$D/spool"
  : > "$D/pids"
  if ! pgrep -x munged > /dev/null; then
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    [ -s /etc/munge/munge.key ] || { mungekey --create --keyfile=/etc/munge/munge.key 2> /dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
    runuser -u munge -- munged
    for _ in $(seq 1 50); do pgrep -x munged > /dev/null && [ -S /run/munge/munge.socket.2 ] && break; sleep 0.1; done
    echo "munged $(pgrep -x munged | head -1)" >> "$D/pids"
  fi
  local mem
  mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  cat > "$D/slurm.conf" <<EOF
ClusterName=rheosweep-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=cred_expire=10
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
MinJobAge=300
KillWait=10
NodeName=$host CPUs=$CPUS RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$D/slurm.conf
  slurmctld -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  for _ in $(seq 1 100); do [ -s "$D/slurmctld.pid" ] && [ -s "$D/slurmd.pid" ] && break; sleep 0.1; done
  echo "slurmctld $(cat "$D/slurmctld.pid")" >> "$D/pids"
  echo "slurmd $(cat "$D/slurmd.pid")" >> "$D/pids"
  for _ in $(seq 1 100); do
    state=$(sinfo -h -N -o %t 2> /dev/null | head -1)
    [ "$state" = idle ] && break
    [ "${state%\*}" = down ] || [ "$state" = drain ] && scontrol update nodename="$host" state=resume > /dev/null 2>&1
    sleep 0.2
  done
  [ "$(sinfo -h -N -o %t | head -1)" = idle ] || { echo "slurm-local: the node did not come up; see $D/slurmctld.log and $D/slurmd.log" >&2; exit 1; }
  echo "export SLURM_CONF=$SLURM_CONF"
}

down() {
  [ -f "$D/pids" ] || { echo "slurm-local: nothing to stop ($D/pids missing)"; rm -rf "$D"; return 0; }
  while read -r name pid; do
    kill "$pid" 2> /dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null || true
    echo "slurm-local: stopped $name ($pid)"
  done < <(tac "$D/pids")
  rm -rf "$D"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 1 ;;
esac
