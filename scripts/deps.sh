#!/usr/bin/env bash
# Installs exactly the Debian packages rheosweep needs that are missing (as root on Debian);
# elsewhere prints the list and stops.
set -euo pipefail
PKGS=(make gcc openmpi-bin libopenmpi-dev petsc-dev libhdf5-openmpi-dev hdf5-tools lammps
      python3 python3-h5py python3-matplotlib python3-numpy libcmocka-dev pkg-config liblapack-dev libblas-dev
      clang libclang-rt-14-dev slurm-wlm munge)
missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: install them (Debian: sudo apt-get install --no-install-recommends ${missing[*]}) and rerun" >&2
  exit 1
fi
