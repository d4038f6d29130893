# scripts/lib.sh: the common preamble of the measurement scripts, sourced as
#   . "$(dirname "$0")/lib.sh"
# Strict mode; the repository root as working directory; RS = the binary in build directory $1
# (default build) unless RS is set; a temporary directory $tmp (absolute, under $TMP_PARENT,
# default /tmp; relative parents are taken from the repository root) removed on exit; mpirun
# allowed as root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RS=${RS:-$PWD/${1:-build}/rheosweep}
tmp=$(mktemp -d -p "${TMP_PARENT:-/tmp}")
tmp=$(cd "$tmp" && pwd)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
