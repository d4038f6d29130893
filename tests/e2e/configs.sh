#!/usr/bin/env bash
# Every shipped sweep config (configs/*.yaml) loads without an unknown key or an impossible
# value and plans its sweep: `rheosweep sweep -dry_run` exits 0 and prints the task total.
. "$(dirname "$0")/../lib.sh"
root=$here/../..
for f in "$root"/configs/*.yaml; do
  name=$(basename "$f")
  out=$(cd "$root" && "$RS" sweep -options_file_yaml "configs/$name" -dry_run -sweep_dir "$tmp/${name%.yaml}" 2>&1)
  rc=$?
  total=$(echo "$out" | sed -n 's/^total: {tasks: \([0-9]*\), core_hours: \([0-9.e+-]*\),.*/\1 tasks, \2 core-hours/p')
  [ "$rc" = 0 ] && [ -n "$total" ]
  check "configs/$name plans its sweep ($total)" $?
  [ "$rc" = 0 ] || echo "$out" | tail -2 | sed 's/^/    /'
done
exit $status
