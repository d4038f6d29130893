/* rs_version.h: version and build provenance (git hash, compiler flags). */
#ifndef RS_VERSION_H
#define RS_VERSION_H
#define RS_VERSION "0.1.0"
/* Git hash of the build ("unknown" outside a checkout). */
const char *RsVersionGitHash(void);
/* Compiler and flags of the build. */
const char *RsVersionBuildFlags(void);
#endif
