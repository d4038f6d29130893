#!/usr/bin/env bash
# Writes rs_buildinfo.h (provenance: version, git hash, compiler and flags) to stdout.
cd "$(dirname "$0")/.." || exit 1
hash=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
dirty=$(git diff --quiet HEAD 2>/dev/null || echo "-dirty")
flags=$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')
printf '#define RS_GIT_HASH "%s%s"\n#define RS_BUILD_FLAGS "%s"\n' "$hash" "$dirty" "$flags"
