# scripts/lib.sh: the common preamble of the measurement scripts, sourced as
#   . "$(dirname "$0")/lib.sh"
# Strict mode; the repository root as working directory; RS = the binary in build directory $1
# (relative to the repository or absolute; without $1, $RS or build/rheosweep); a temporary
# directory $tmp (absolute, under $TMP_PARENT, else $TMPDIR, else /tmp; relative parents are taken
# from the repository root) removed on exit; mpirun allowed as root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
case "${1:-}" in
  "") RS=${RS:-$PWD/build/rheosweep} ;;
  /*) RS=$1/rheosweep ;;
  *) RS=$PWD/$1/rheosweep ;;
esac
tmp=$(mktemp -d -p "${TMP_PARENT:-${TMPDIR:-/tmp}}")
tmp=$(cd "$tmp" && pwd)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
