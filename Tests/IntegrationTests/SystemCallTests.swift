import CSystem
import Foundation
import GoalSheetSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The heap calls the batch and `annotate` make between phases: they must reach glibc (a missing feature macro
/// once compiled both to nothing).
@Suite("Heap calls")
struct SystemCallTests {
    #if canImport(Glibc)
        @Test func theArenaLimitIsSetAndFreedPagesAreReleased() {
            #expect(goalsheet_limit_malloc_arenas(Int32(ParallelWork.processorCount + 1)) == 1)
            // 64 MiB in blocks below glibc's mmap threshold, freed: trimming gives pages back and says so.
            let blocks = (0..<1_024).map { _ -> UnsafeMutableRawPointer? in
                let p = malloc(64 << 10)
                if let p { memset(p, 1, 64 << 10) }
                return p
            }
            for p in blocks { free(p) }
            #expect(goalsheet_release_free_memory() == 1)
        }

        /// A run's folder is flushed with its file system before it is put in place: the call reaches syncfs
        /// through any path on it, and a path that is not there is an error (the run is then not committed).
        @Test func theFileSystemOfAPathIsFlushedAndAMissingPathIsAnError() {
            #expect(goalsheet_sync_filesystem(FileManager.default.temporaryDirectory.path) == 0)
            #expect(goalsheet_sync_filesystem("/") == 0)
            errno = 0
            #expect(goalsheet_sync_filesystem("/nonexistent/goalsheet-run") == -1)
            #expect(errno == ENOENT)
        }
    #endif
}
