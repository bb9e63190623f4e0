import EdgeConfig
import EdgeOrigin
import Foundation
import NIOCore
import Testing

@testable import EdgeServer

@Suite struct DirectoryHotCacheTests {
    let directory: String
    let state: RuntimeState
    let resolver: DirectoryPathResolver

    init() throws {
        directory = NSTemporaryDirectory() + "edge-hot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/site", withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: directory + "/site/a.txt"))
        let loaded = try ConfigLoader.parse(yaml: HTTP1Harness.defaultYAML, file: "t.yaml", baseDirectory: directory)
        state = try RuntimeState(loaded: loaded, authority: nil, loadedAt: 0)
        resolver = try DirectoryPathResolver(root: directory + "/site", indexDocument: "index.html")
    }

    func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

    @Test func aHitIsThePreEncodedHeadAndBody() throws {
        let cache = DirectoryHotCache()
        let entry = try #require(
            cache.entry(originId: "site", resolver: resolver, path: "/a.txt", state: state, now: 100))
        #expect(text(entry.body) == "hello")
        let head = text(entry.head)
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\ncontent-type: text/plain"))
        #expect(head.contains("content-length: 5\r\n"))
        #expect(head.contains("etag: \""))
        #expect(head.hasSuffix("server: edge\r\n"))
        #expect(cache.entry(originId: "site", resolver: resolver, path: "/missing", state: state, now: 100) == nil)
    }

    @Test func aChangedFileIsNoticedWithinASecond() throws {
        let cache = DirectoryHotCache()
        _ = try #require(cache.entry(originId: "site", resolver: resolver, path: "/a.txt", state: state, now: 100))
        try Data("hello, world".utf8).write(to: URL(fileURLWithPath: directory + "/site/a.txt"))
        // Same second: the cached bytes (as nginx's open_file_cache_valid, but 1 s).
        let same = try #require(
            cache.entry(originId: "site", resolver: resolver, path: "/a.txt", state: state, now: 100))
        #expect(text(same.body) == "hello")
        // Next second: revalidated, dropped, reloaded on the following ask.
        #expect(cache.entry(originId: "site", resolver: resolver, path: "/a.txt", state: state, now: 101) == nil)
        let fresh = try #require(
            cache.entry(originId: "site", resolver: resolver, path: "/a.txt", state: state, now: 101))
        #expect(text(fresh.body) == "hello, world")
        try FileManager.default.removeItem(atPath: directory + "/site/a.txt")
        #expect(cache.entry(originId: "site", resolver: resolver, path: "/a.txt", state: state, now: 102) == nil)
    }

    @Test func largeFilesAndDirectoriesAreNotCached() throws {
        let big = Data(count: Int(DirectoryHotCache.maximumFileBytes) + 1)
        try big.write(to: URL(fileURLWithPath: directory + "/site/big.bin"))
        let cache = DirectoryHotCache()
        #expect(cache.entry(originId: "site", resolver: resolver, path: "/big.bin", state: state, now: 1) == nil)
        #expect(cache.entry(originId: "site", resolver: resolver, path: "/", state: state, now: 1) == nil)
    }
}
