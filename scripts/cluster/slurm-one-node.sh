#!/usr/bin/env bash
# Tests the Slurm scripts against a real Slurm: configures Debian's slurm-wlm (slurmctld + slurmd, munge
# for authentication) as a one-node cluster on this machine, starts the daemons by hand (no systemd),
# submits slurm-simulate.sh and slurm-generate.sh arrays, waits for their merges, and checks that each
# merged file holds the same showers, bit for bit, as the single-process run. Needs root (it writes
# /etc/slurm/slurm.conf and starts daemons); not part of .ci/run. The daemons it started are stopped at
# the end (`--keep` leaves them running).
#   scripts/cluster/slurm-one-node.sh [path/to/calosim [--keep]]   (default .build/release/calosim)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
calosim=$(realpath "${1:-.build/release/calosim}")
keep=${2:-}
[ "$(id -u)" -eq 0 ] || { echo "slurm-one-node: needs root (writes /etc/slurm, starts daemons)"; exit 1; }
for p in slurmctld slurmd slurm-client munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ -n "${missing[*]:-}" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
work=$(mktemp -d /tmp/calosim-slurm.XXXXXX)
chmod 755 "$work"
node=$(hostname -s)
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
# One node, no cgroups (containers), no accounting database; root runs both daemons.
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=calosim-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
started=()
if ! pgrep -x munged >/dev/null; then
    [ -s /etc/munge/munge.key ] || mungekey --create --keyfile /etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
    chmod 400 /etc/munge/munge.key
    runuser -u munge -- /usr/sbin/munged
    started+=("$(cat /run/munge/munged.pid)")
fi
munge -n | unmunge >/dev/null
stop() {
    for pidfile in /run/slurmd.pid /run/slurmctld.pid; do
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
}
[ "$keep" = "--keep" ] || trap stop EXIT
slurmctld
slurmd
for _ in $(seq 60); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 1; done
echo "--- sinfo"; sinfo
export CALOSIM="$calosim" PATH="$(dirname "$calosim"):$PATH"

echo "--- simulate: 4 parts of 200 showers on Slurm against one process"
"$calosim" simulate --n 200 --seed 7 --energy-range 1:20 --quiet --out "$work/single.h5" >/dev/null
"$here/slurm-simulate.sh" 4 "$work/merged.h5" --n 200 --seed 7 --energy-range 1:20
echo "--- generate: 3 parts of 3000 showers on Slurm against one process"
"$calosim" generate --n 3000 --seed 9 --energy-range 1:100 --quiet --out "$work/single-gen.h5" >/dev/null
"$here/slurm-generate.sh" 3 "$work/merged-gen.h5" --n 3000 --seed 9 --energy-range 1:100
echo "--- squeue"; squeue
for _ in $(seq 1800); do [ -z "$(squeue -h)" ] && break; sleep 1; done
echo "--- jobs done; logs:"; tail -n +1 "$work"/merged.h5.parts/*.log "$work"/merged-gen.h5.parts/*.log | sed 's/^/    /'
python3 - "$work" <<'PY'
import sys, h5py, numpy as np
work = sys.argv[1]
ok = True
for single, merged in (("single.h5", "merged.h5"), ("single-gen.h5", "merged-gen.h5")):
    with h5py.File(f"{work}/{single}") as a, h5py.File(f"{work}/{merged}") as b:
        names = sorted(k for k in a if isinstance(a[k], h5py.Dataset))
        same = [n for n in names if n in b and a[n].shape == b[n].shape and a[n][()].tobytes() == b[n][()].tobytes()]
        print(f"{merged}: datasets {names}: {len(same)}/{len(names)} identical to {single}, {a[names[0]].shape[0]} showers")
        ok &= len(same) == len(names)
print("slurm-one-node: PASS" if ok else "slurm-one-node: FAIL")
sys.exit(0 if ok else 1)
PY
