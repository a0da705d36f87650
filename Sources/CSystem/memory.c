#include "CSystem.h"

// <stdlib.h> first: it defines __GLIBC__ (through <features.h>), which the test below needs.
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int goalsheet_release_free_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

int goalsheet_limit_malloc_arenas(int arenas) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, arenas < 1 ? 1 : arenas);
#else
    (void)arenas;
    return 0;
#endif
}
