#!/usr/bin/env python3
"""Cost and event statistics of an ABC shear run in strain-step windows (docs/ABC.md, "Cost per
strain increment"): mean stress and energy, evaluations per strain step (mean and median), steps
with an event (a new minimum chosen), the mean stress change of event steps and of the others, the
largest penalty count and the steps above a penalty cap.

Input: a task's record (`-qs_record` CSV: one row per strain step) or its progress log (the lines
`-qs_progress 1` prints; the evaluation column there is cumulative). A log of a resumed task
starts at its checkpoint: its first line only sets the evaluation count.

usage: abc_windows.py FILE [--window 25] [--cap 1500]
"""
import argparse
import csv
import re
import statistics
import sys

LOG_LINE = re.compile(r"^\s+(\d+)\s+(0\.\d{6})\s+(-?[0-9.]+)\s+(-0\.\d+)\s+(\d+)\s+([0-9.]+)\s+(\d+)\s+(\d+)\s+[0-9.]+\s*$")


def read(path):
    """Steps as dicts: step, sxy (MPa), pe (eV/atom), penalties, event (bool), evals."""
    with open(path) as f:
        head = f.readline()
        f.seek(0)
        if head.startswith("strain,"):
            rows = list(csv.DictReader(f))[1:]  # row 0 is the start state
            return [{"step": i + 1, "sxy": float(r["sxy_MPa"]), "pe": float(r["pe_eV_per_atom"]),
                     "penalties": int(float(r["penalties"])), "event": r["chosen"] not in ("0", "0.0"),
                     "evals": int(float(r["evaluations"]))} for i, r in enumerate(rows)]
        steps, prev = [], None
        for line in f:
            m = LOG_LINE.match(line)
            if not m:
                continue
            cum = int(m.group(8))
            if prev is not None and cum < prev:  # counts going down: two runs' lines mixed in one file
                print("abc_windows.py: %s: step %s: the evaluation count goes down (lines of another run?); step skipped" % (path, m.group(1)), file=sys.stderr)
                prev = None
                continue
            if prev is not None or int(m.group(1)) == 1:
                steps.append({"step": int(m.group(1)), "sxy": float(m.group(3)), "pe": float(m.group(4)),
                              "penalties": int(m.group(5)), "event": m.group(7) != "0",
                              "evals": cum - (prev or 0)})
            prev = cum
        return steps


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--window", type=int, default=25, help="strain steps per window")
    ap.add_argument("--cap", type=int, default=1500, help="penalty cap to count steps above")
    a = ap.parse_args()
    try:
        steps = read(a.file)
    except OSError as e:
        sys.exit("abc_windows.py: %s: %s" % (a.file, e.strerror))
    for i, s in enumerate(steps):  # stress change over the step (the first: unknown)
        s["dsxy"] = s["sxy"] - steps[i - 1]["sxy"] if i > 0 else None
    if not steps:
        sys.exit("abc_windows.py: %s: no strain steps (a -qs_record CSV or a -qs_progress 1 log)" % a.file)
    print("| steps | sxy (MPa) | pe (eV/atom, end) | evaluations/step (mean, median) | event steps | stress change per event step (MPa) | per other step (MPa) | max penalties | above %d |" % a.cap)
    print("|---|---|---|---|---|---|---|---|---|")
    blocks = [steps[i:i + a.window] for i in range(0, len(steps), a.window)] + [steps]
    for k, b in enumerate(blocks):
        ds_ev = [s["dsxy"] for s in b if s["dsxy"] is not None and s["event"]]
        ds_el = [s["dsxy"] for s in b if s["dsxy"] is not None and not s["event"]]
        ev = [s["evals"] for s in b]
        mean = lambda v: "%.1f" % statistics.mean(v) if v else "-"
        print("| %s%d-%d | %.0f | %.5f | %.0f, %.0f | %d | %s | %s | %d | %d |" % (
            "all: " if k == len(blocks) - 1 else "", b[0]["step"], b[-1]["step"],
            statistics.mean(s["sxy"] for s in b), b[-1]["pe"], statistics.mean(ev), statistics.median(ev),
            sum(s["event"] for s in b), mean(ds_ev), mean(ds_el), max(s["penalties"] for s in b),
            sum(s["penalties"] > a.cap for s in b)))


if __name__ == "__main__":
    main()
