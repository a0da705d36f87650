#ifndef GOALSHEET_CSYSTEM_H
#define GOALSHEET_CSYSTEM_H

/// Swaps two paths in one step (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP): either both names point at their old
/// objects or both at the new. Returns 0, or -1 with errno (ENOSYS/EINVAL where the system or file system
/// cannot exchange).
int goalsheet_exchange_paths(const char *a, const char *b);

/// Gives the heap's free pages back to the system (glibc's malloc_trim(0); nothing elsewhere): a phase's
/// temporaries, once freed, would otherwise stay in the process's resident memory under the next phase's.
/// Returns 1 when memory was released.
int goalsheet_release_free_memory(void);

/// Caps the heap's arenas at `arenas` (glibc's mallopt(M_ARENA_MAX); nothing elsewhere). glibc gives up to eight
/// per core, one per thread that allocates at once, and each keeps the memory its thread freed. Call it before
/// other threads start. Returns 1 when set.
int goalsheet_limit_malloc_arenas(int arenas);

/// Writes to disk everything written to the file system that holds `path` (Linux syncfs; elsewhere, fsync of
/// the path and sync): a run's folder is on disk before it takes the earlier run's name. Returns 0, or -1 with
/// errno.
int goalsheet_sync_filesystem(const char *path);

#endif
