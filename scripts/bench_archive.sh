#!/usr/bin/env bash
# Part of `make bench` (called by scripts/bench.sh, prints Markdown): bandwidth of the parallel
# HDF5 archive. A sweep of 64 finished MD tasks (one 5000-atom sample; each task file holds a
# final state and a 1000-row record) is reduced on 2 ranks with and without deflate; the
# archive's size over the time of writing it (create, collective writes, close, fsync,
# rename) is compared with dd of the same size with fdatasync, measured in the same run.
TMP_PARENT=${BENCH_DIR:-.}  # on the repository's disk, not /tmp (may be tmpfs)
. "$(dirname "$0")/lib.sh"
TASKS=${BENCH_ARCHIVE_TASKS:-64}
cat > "$tmp/a.yaml" <<YAML
prep: {atoms: 5000, melt_time: 1, hold_time: 1, cool_rate: 100, quench_rate: 100, relax_time: 1}
md: {thermo: 0}
reduce: {window: [0.005, 0.01]}
sweep: {dir: $tmp/run, samples: 1, md_rates: [5e10], seeds: [$(seq -s, 1 "$TASKS")], strain: 0.01}
YAML
mpirun --oversubscribe -np 3 "$RS" sweep -options_file_yaml "$tmp/a.yaml" > "$tmp/sweep.txt"
echo "## Archive write bandwidth: $TASKS MD tasks of 5000 atoms + 1 sample, 2 ranks, against dd in the same run"
echo
echo "| deflate | archive MB | write s | MB/s | dd MB/s (>= 256 MB, fdatasync) | ratio |"
echo "|---|---|---|---|---|---|"
for z in 0 4; do
  mpirun --oversubscribe -np 2 "$RS" reduce -options_file_yaml "$tmp/a.yaml" -reduce_compress $z -reduce_out "$tmp/a$z.h5" > "$tmp/r$z.txt"
  read -r mb s bw < <(sed -n 's/^# archive written: \([0-9.]*\) MB in \([0-9.]*\) s (\([0-9.]*\) MB\/s.*/\1 \2 \3/p' "$tmp/r$z.txt")
  cnt=$(/usr/bin/python3 -c "print(max(256, round($mb)))") # at least 256 MB: a stable disk number
  dds=$( { /usr/bin/time -f %e dd if=/dev/zero of="$tmp/dd.bin" bs=1M count="$cnt" conv=fdatasync status=none; } 2>&1 )
  ddbw=$(/usr/bin/python3 -c "print('%.1f' % ($cnt * 1.048576 / max($dds, 1e-3)))")
  rm -f "$tmp/dd.bin"
  echo "| $z | $mb | $s | $bw | $ddbw | $(/usr/bin/python3 -c "print('%.2f' % ($bw / $ddbw))") |"
done
echo
echo "MB/s of the archive counts its size on disk (compressed when deflate > 0), so with deflate the"
echo "ratio measures the whole write path including compression, not the disk."
