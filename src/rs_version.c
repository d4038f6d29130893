/* rs_version.c: provenance strings from the generated build/rs_buildinfo.h. */
#include "rs_version.h"
#include "rs_buildinfo.h"

const char *RsVersionGitHash(void) { return RS_GIT_HASH; }
const char *RsVersionBuildFlags(void) { return RS_BUILD_FLAGS; }
