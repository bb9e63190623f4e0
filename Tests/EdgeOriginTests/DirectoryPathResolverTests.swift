import Foundation
import Testing

@testable import EdgeOrigin

@Suite struct DirectoryPathResolverTests {
    let fixture: SiteFixture
    let resolver: DirectoryPathResolver

    init() throws {
        fixture = try SiteFixture()
        resolver = try DirectoryPathResolver(root: fixture.root)
    }

    /// The canonical path of a file under the root.
    func canonical(_ relative: String) -> String {
        resolver.root + "/" + relative
    }

    func resolvedPath(_ urlPath: String) -> String? {
        if case .file(let path, _) = resolver.resolve(urlPath: urlPath[...]) { return path }
        return nil
    }

    @Test func rootIsCanonicalisedThroughSymlinks() throws {
        let viaLink = try DirectoryPathResolver(root: fixture.base + "/site-link")
        #expect(viaLink.root == resolver.root)
        #expect(!viaLink.root.hasSuffix("site-link"))
        #expect(viaLink.resolve(urlPath: "/hello.txt") == resolver.resolve(urlPath: "/hello.txt"))
    }

    @Test func servesARegularFileWithItsInfo() throws {
        guard case .file(let path, let info) = resolver.resolve(urlPath: "/hello.txt") else {
            Issue.record("expected a file")
            return
        }
        #expect(path == canonical("hello.txt"))
        #expect(info.size == 11)
        #expect(info.modificationSeconds == SiteFixture.helloModified)
        #expect(info.inode != 0)
        #expect(info.etag == "\"\(String(SiteFixture.helloModified, radix: 16))-b\"")
        #expect(info.lastModified == "Tue, 29 Feb 2000 12:00:00 GMT")
    }

    @Test func decodesPercentEncodingOnce() {
        #expect(resolvedPath("/space%20file.txt") == canonical("space file.txt"))
        #expect(resolvedPath("/%68ello.txt") == canonical("hello.txt"))
        #expect(resolvedPath("/a%2fb.txt") == canonical("a/b.txt"))
        // %2520 decodes to the literal "%20", which is not a space.
        #expect(resolver.resolve(urlPath: "/space%2520file.txt") == .notFound)
    }

    @Test func indexDocumentAndDirectoryRedirect() {
        #expect(resolvedPath("/") == canonical("index.html"))
        #expect(resolvedPath("/docs/") == canonical("docs/index.html"))
        #expect(resolvedPath("/docs/.") == canonical("docs/index.html"))
        #expect(resolvedPath("/./docs//") == canonical("docs/index.html"))
        #expect(resolver.resolve(urlPath: "/docs") == .redirectToDirectory(location: "/docs/"))
        #expect(resolver.resolve(urlPath: "/do%63s") == .redirectToDirectory(location: "/do%63s/"))
        // `//host` would be a protocol-relative URL: runs of slashes collapse in the Location.
        #expect(resolver.resolve(urlPath: "//docs") == .redirectToDirectory(location: "/docs/"))
        #expect(resolver.resolve(urlPath: "/empty/") == .notFound)  // no listings
        #expect(resolver.resolve(urlPath: "/hello.txt/") == .notFound)
        #expect(resolver.resolve(urlPath: "/missing.txt") == .notFound)
        #expect(resolver.resolve(urlPath: "/missing/") == .notFound)
    }

    @Test func customIndexDocument() throws {
        let custom = try DirectoryPathResolver(root: fixture.root, indexDocument: "hello.txt")
        guard case .file(let path, _) = custom.resolve(urlPath: "/") else {
            Issue.record("expected the custom index")
            return
        }
        #expect(path == canonical("hello.txt"))
        #expect(custom.resolve(urlPath: "/docs/") == .notFound)
    }

    @Test(arguments: [
        "/../etc/passwd", "/..", "/%2e%2e/", "/%2E%2E%2F", "/%2e%2E/%2e%2e/etc/passwd", "/a/..%2f..%2fetc/passwd",
        "/a/../hello.txt", "/a/%2e%2e/hello.txt", "/docs/../../outside/secret.txt",
        "/a\\..\\..\\etc\\passwd", "/a%5c..%5chello.txt", "/hello.txt\\",
    ])
    func traversalIsForbidden(path: String) {
        #expect(resolver.resolve(urlPath: path[...]) == .forbidden)
    }

    @Test(arguments: ["/..;/", "/..;/etc/passwd", "/.%2e;/etc/passwd", "/...", "/.../etc/passwd"])
    func dotSegmentLookalikesAreHiddenNames(path: String) {
        #expect(resolver.resolve(urlPath: path[...]) == .notFound)
    }

    @Test(arguments: [
        "/%00", "/hello.txt%00.png", "/%zz", "/%4", "/abc%", "/%ff", "/%c3%28", "hello.txt", "", "*",
    ])
    func malformedPathsAreBadRequests(path: String) {
        #expect(resolver.resolve(urlPath: path[...]) == .badRequest)
    }

    @Test(arguments: ["/.git/config", "/.git/", "/.env", "/%2eenv", "/a/.hidden", "/hidden-target", "/.well-known/"])
    func hiddenFilesAreNotFound(path: String) {
        #expect(resolver.resolve(urlPath: path[...]) == .notFound)
    }

    @Test func wellKnownIsServedUnlessDisallowed() throws {
        #expect(resolvedPath("/.well-known/security.txt") == canonical(".well-known/security.txt"))
        let strict = try DirectoryPathResolver(root: fixture.root, allowedHiddenSegments: [])
        #expect(strict.resolve(urlPath: "/.well-known/security.txt") == .notFound)
    }

    @Test func symlinksInsideTheRootAreFollowed() {
        #expect(resolvedPath("/link-inside") == canonical("hello.txt"))
        #expect(resolvedPath("/dirlink-inside/") == canonical("docs/index.html"))
        #expect(resolver.resolve(urlPath: "/dirlink-inside") == .redirectToDirectory(location: "/dirlink-inside/"))
    }

    @Test func symlinksOutOfTheRootAreForbidden() {
        #expect(resolver.resolve(urlPath: "/link-outside") == .forbidden)
        #expect(resolver.resolve(urlPath: "/dirlink-outside/secret.txt") == .forbidden)
        #expect(resolver.resolve(urlPath: "/dirlink-outside/") == .notFound)  // no index there
        #expect(resolver.resolve(urlPath: "/dirlink-outside") == .forbidden)
    }

    @Test func nonRegularFilesAreNotFound() {
        #expect(resolver.resolve(urlPath: "/fifo") == .notFound)
    }

    @Test func rejectsUnusableRoots() {
        #expect(throws: DirectoryRootError.self) { try DirectoryPathResolver(root: fixture.base + "/nope") }
        #expect(throws: DirectoryRootError(path: fixture.root + "/hello.txt", reason: .notADirectory)) {
            try DirectoryPathResolver(root: fixture.root + "/hello.txt")
        }
        for index in ["", "../index.html", "a/index.html", ".index"] {
            #expect(throws: DirectoryRootError(path: fixture.root, reason: .invalidIndexDocument(index))) {
                try DirectoryPathResolver(root: fixture.root, indexDocument: index)
            }
        }
    }
}
