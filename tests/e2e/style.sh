#!/usr/bin/env bash
# Code rules that a reviewer would otherwise check by hand:
#   - MPI is called only in the files that own communication (rs_domain.c, rs_halo.c, and the
#     farm's messages in rs_farm.c; the error handler may ask for its rank);
#   - every public function declared in include/ has a comment right above it saying what it owns;
#   - public symbols carry the Rs/RS prefix.
set -u
cd "$(dirname "$0")/../.." || exit 1
status=0
bad=$(grep -n "MPI_[A-Za-z_]*(" src/*.c | grep -v "^src/rs_domain.c:\|^src/rs_halo.c:\|^src/rs_farm.c:" | grep -v "^src/rs_error.c:.*MPI_Comm_\(rank\|size\)")
if [ -z "$bad" ]; then echo "ok - MPI calls only in rs_domain.c, rs_halo.c and rs_farm.c"; else echo "not ok - MPI outside the communication files: $bad"; status=1; fi
/usr/bin/python3 - <<'PY' || status=1
import glob, re, sys
missing, unprefixed, count = [], [], 0
for h in sorted(glob.glob("include/*.h")):
    lines = open(h).read().split("\n")
    for k, line in enumerate(lines):
        m = re.match(r"^(?:static inline )?(?:PetscErrorCode|void|int|PetscBool|PetscInt|PetscMPIInt|PetscReal|const char \*|double|uint64_t|StreamCoef) \*?(\w+)\(", line)
        if not m:
            continue
        name = m.group(1)
        count += 1
        if not (name.startswith("Rs") or name.startswith("RS")):
            unprefixed.append("%s:%d %s" % (h, k + 1, name))
        prev = lines[k - 1].rstrip() if k else ""
        if not prev.endswith("*/"):
            missing.append("%s:%d %s" % (h, k + 1, name))
print(("ok" if not missing else "not ok") + " - every public function (%d declarations) has a comment above it" % count + ("" if not missing else ": " + ", ".join(missing)))
print(("ok" if not unprefixed else "not ok") + " - public functions carry the Rs prefix" + ("" if not unprefixed else ": " + ", ".join(unprefixed)))
sys.exit(1 if missing or unprefixed else 0)
PY
exit $status
