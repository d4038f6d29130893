/* rs_file.h: small POSIX helpers for crash-safe output (write temp, fsync, rename, fsync dir). */
#ifndef RS_FILE_H
#define RS_FILE_H

/* fsyncs a file (dir = 0) or a directory (dir = 1) by path; 0 on success, -1 otherwise. */
int RsFileFsync(const char *path, int dir);
/* fsyncs the directory that contains path (after a rename into it); 0 on success. */
int RsFileFsyncParent(const char *path);
#endif
