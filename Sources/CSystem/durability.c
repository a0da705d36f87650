#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "CSystem.h"

int goalsheet_sync_filesystem(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
#if defined(__linux__)
    int rc = syncfs(fd);
#else
    // No syncfs: the path itself, then everything (macOS is not built).
    int rc = fsync(fd);
    sync();
#endif
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}
