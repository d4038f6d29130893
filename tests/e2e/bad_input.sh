#!/usr/bin/env bash
# Bad input through the whole binary: each case must exit non-zero with exactly one line on
# stderr that names the problem (the option, key, file or line).
. "$(dirname "$0")/../lib.sh"
good=$here/../../configs/states/example-glass.data
status=0
expect() { # $1 = description, $2 = expected text in the message, rest = arguments
  local what=$1 needle=$2
  shift 2
  "$RS" "$@" > out.txt 2> err.txt
  local rc=$? lines
  lines=$(wc -l < err.txt)
  if [ $rc -ne 0 ] && [ "$lines" -eq 1 ] && grep -qF -- "$needle" err.txt; then
    echo "ok - $what: exit $rc, '$(cat err.txt)'"
  else
    echo "not ok - $what: exit $rc, $lines stderr lines, expected '$needle' in: $(head -c 600 err.txt)"
    status=1
  fi
}
expect "typo'd option on the command line" "unknown option '-neigh_skni'" eval -in "$good" -neigh_skni 0.5
printf 'neigh:\n  skin: 0.5\nmodel:\n  thicknes: 2\n' > typo.yaml
expect "typo'd key in a YAML file" "unknown option '-model_thicknes' (from an options file)" eval -in "$good" -options_file_yaml typo.yaml
printf 'neigh:\n  skin: 0.5}\n' > stray.yaml
expect "a stray brace after a number in a YAML file" "option -neigh_skin: '0.5}' is not a valid value" eval -in "$good" -options_file_yaml stray.yaml
expect "a non-integer count on the command line" "option -qs_progress: '1x' is not a valid value" quasistatic -in "$good" -qs_progress 1x
printf 'sweep:\n  md_rates: [1e8, 1e9x]\n' > list.yaml
expect "a bad element of a YAML list" "option -sweep_md_rates: '1e9x' is not a valid value" sweep -options_file_yaml list.yaml
expect "a bad value two options share (which failed is not known)" "'1x' is not a valid value for one of the options -in, -neigh_skin" eval -in 1x -neigh_skin 1x
expect "a bad boolean" "option -abc_region_relaxed: 'maybe' is not a valid value" quasistatic -in "$good" -abc_region_relaxed maybe
expect "an unknown choice" "Unknown option aqz for -qs_method. Available options: aqs abc" quasistatic -in "$good" -qs_method aqz
expect "negative skin" "-neigh_skin must be in [0, 100)" eval -in "$good" -neigh_skin -1
expect "zero thickness" "-model_thickness must be positive" eval -in "$good" -model_thickness 0
expect "missing options file" "cannot read options file 'nope.yaml'" eval -in "$good" -options_file_yaml nope.yaml
printf 'neigh: {skin: [1, \n' > broken.yaml
expect "broken YAML" "options file 'broken.yaml' is not valid YAML" eval -in "$good" -options_file_yaml broken.yaml
head -c 20000 "$good" > truncated.data
expect "truncated data file" "truncated.data' line 3: declares 2000 atoms but the file has only" eval -in truncated.data
sed 's/^5 1 /5 7 /' "$good" > badtype.data
expect "unknown atom type" "has type 7 outside 1..2" eval -in badtype.data
sed '0,/xlo xhi/s/^\([^ ]*\) [^ ]* xlo xhi/\1 \1 xlo xhi/' "$good" > degenerate.data
expect "degenerate box" "degenerate box" eval -in degenerate.data
expect "missing data file" "cannot open data file 'missing.data'" eval -in missing.data
expect "no input" "no input configuration" eval
expect "unknown command" "unknown command 'evil'" evil
printf 'name: X\nform: lj_smooth_linear\nspecies: [Cu, Zr]\nmass: [63.5, 91.2]\nCu_Cu: {epsilon: 0.1, sigma: 2.2, rcut: 5.5}\nZr_Zr: {epsilon: 0.1, sigma: 3, rcut: 7}\nCu_Zr: {epsilon: 0.1, sigma: 2.6, rcut: -6}\n' > pot.yaml
expect "negative cutoff in a potential file" "key 'Cu_Zr_rcut' must be a positive number" eval -in "$good" -model_potential pot.yaml
sed 's/Cu_Zr: {epsilon: 0.1,/Cu_Zr: {epsilon: 0.1q,/' pot.yaml > typo.yaml
expect "typo in a potential file's number" "file 'typo.yaml': key 'Cu_Zr_epsilon': '0.1q' is not a valid value" eval -in "$good" -model_potential typo.yaml
printf 'name: X\nform: lj_smooth_linear\nspecies: [Cu]\nmass: [63.546]\nCu_Cu: {epsilon: 0.1, sigma: 2.2, rcut: 5.5}\n' > onespecies.yaml
expect "data file with a species the potential lacks" "has 2 atom types but potential 'X' defines 1 species" eval -in "$good" -model_potential onespecies.yaml
# -help documents every option with its default and unit, and exits 0
if "$RS" -help > help.txt 2>&1 && grep -q -- "-model_thickness <1. : 1.>: .*\[A\]" help.txt && grep -q -- "-neigh_skin" help.txt && grep -q -- "-eval_forces" help.txt; then
  echo "ok - -help lists the options with defaults and units"
else
  echo "not ok - -help output incomplete: $(head -c 300 help.txt)"; status=1
fi
exit $status
