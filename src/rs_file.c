/* rs_file.c: fsync by path, used around the temp-then-rename protocol of every output file, so a
   result is either the old complete file or the new complete file, never a partial one. */
#include "rs_file.h"
#include "rs_sys.h"
#include <fcntl.h>
#include <libgen.h>
#include <string.h>
#include <unistd.h>

int RsFileFsync(const char *path, int dir)
{
  int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

int RsFileFsyncParent(const char *path)
{
  char buf[RS_PATH_MAX];
  snprintf(buf, sizeof buf, "%s", path);
  return RsFileFsync(dirname(buf), 1);
}
