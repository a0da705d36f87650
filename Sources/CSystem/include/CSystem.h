#ifndef GOALSHEET_CSYSTEM_H
#define GOALSHEET_CSYSTEM_H

/// Swaps two paths in one step (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP): either both names point at their old
/// objects or both at the new. Returns 0, or -1 with errno (ENOSYS/EINVAL where the system or file system
/// cannot exchange).
int goalsheet_exchange_paths(const char *a, const char *b);

#endif
