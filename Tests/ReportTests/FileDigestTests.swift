import Foundation
import Report
import TestSupport
import Testing

@Suite("File digests (manifest.json)")
struct FileDigestTests {
    @Test("Size and SHA-256 of a short file and of one of three 1 MiB blocks and a part (digests from hashlib)")
    func digests() throws {
        let dir = try Scratch.directory("digest")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("abc".utf8).write(to: URL(fileURLWithPath: dir + "/abc"))
        let abc = try #require(FileDigest(path: dir + "/abc"))
        #expect(abc.size == 3)
        #expect(abc.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let n = (5 << 19) + 7
        try Data((0..<n).map { UInt8($0 % 251) }).write(to: URL(fileURLWithPath: dir + "/long"))
        let long = try #require(FileDigest(path: dir + "/long"))
        #expect(long.size == 2_621_447)
        #expect(long.sha256 == "ffe7fe4b5e2866a0433ec4ae27932c3f50ef8b8ff5b4aa4bc3808aaf8bd2dd70")
        try Data().write(to: URL(fileURLWithPath: dir + "/empty"))
        let empty = try #require(FileDigest(path: dir + "/empty"))
        #expect(empty.size == 0)
        #expect(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(FileDigest(path: dir + "/missing") == nil)
        #expect(FileDigest(path: dir) == nil)
    }
}
