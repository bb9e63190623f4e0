import Testing

@testable import EdgeOrigin

@Suite struct DirectoryResponsePlannerTests {
    static let path = "/srv/site/docs/guide.html"
    static let info = FileInfo(size: 1000, modificationSeconds: 784_111_777, modificationNanoseconds: 5)
    static let file = DirectoryResolution.file(path: path, info: info)
    static let etag = "\"2ebc98a1-3e8\""
    static let lastModified = "Sun, 06 Nov 1994 08:49:37 GMT"

    func plan(
        _ method: String = "GET", _ resolution: DirectoryResolution = file,
        _ headers: DirectoryRequestHeaders = DirectoryRequestHeaders()
    ) -> DirectoryResponsePlan {
        DirectoryResponsePlanner.plan(method: method, resolution: resolution, headers: headers)
    }

    @Test func etagFollowsNginx() {
        #expect(Self.info.etag == Self.etag)
    }

    @Test func getServesTheWholeFile() {
        let expected = DirectoryResponsePlan(
            status: 200,
            headers: [
                ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "1000"),
                ("Last-Modified", Self.lastModified), ("ETag", Self.etag), ("Accept-Ranges", "bytes"),
            ],
            body: .file(path: Self.path, offset: 0, length: 1000)
        )
        #expect(plan() == expected)
    }

    @Test func headHasGetsHeadersAndNoBody() {
        let get = plan("GET")
        let head = plan("HEAD")
        #expect(head.status == 200)
        #expect(head.headers.map(\.name) == get.headers.map(\.name))
        #expect(head.headers.map(\.value) == get.headers.map(\.value))
        #expect(head.body == .none)
        // Ranges are defined for GET only: HEAD with Range is a plain 200.
        #expect(plan("HEAD", Self.file, DirectoryRequestHeaders(range: "bytes=0-9")).status == 200)
        let missing = plan("HEAD", .notFound)
        #expect(missing.status == 404)
        #expect(missing.header("content-length") == "14")
        #expect(missing.body == .none)
    }

    @Test func rangeGivesPartialContent() {
        let partial = plan("GET", Self.file, DirectoryRequestHeaders(range: "bytes=100-199"))
        #expect(partial.status == 206)
        #expect(partial.header("Content-Range") == "bytes 100-199/1000")
        #expect(partial.header("Content-Length") == "100")
        #expect(partial.header("ETag") == Self.etag)
        #expect(partial.body == .file(path: Self.path, offset: 100, length: 100))
        let suffix = plan("GET", Self.file, DirectoryRequestHeaders(range: "bytes=-10"))
        #expect(suffix.body == .file(path: Self.path, offset: 990, length: 10))
    }

    @Test func ifRangeMismatchServesEverything() {
        let headers = DirectoryRequestHeaders(range: "bytes=0-9", ifRange: "\"stale\"")
        let response = plan("GET", Self.file, headers)
        #expect(response.status == 200)
        #expect(response.header("Content-Range") == nil)
        #expect(response.body == .file(path: Self.path, offset: 0, length: 1000))
        let matching = DirectoryRequestHeaders(range: "bytes=0-9", ifRange: Self.lastModified)
        #expect(plan("GET", Self.file, matching).status == 206)
    }

    @Test func unsatisfiableRangeGives416() {
        let response = plan("GET", Self.file, DirectoryRequestHeaders(range: "bytes=1000-"))
        #expect(response.status == 416)
        #expect(response.header("Content-Range") == "bytes */1000")
        #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(response.body == .text("416 Range Not Satisfiable\n"))
        #expect(response.header("Content-Length") == "26")
    }

    @Test func multipleRangesGiveTheFullFile() {
        let response = plan("GET", Self.file, DirectoryRequestHeaders(range: "bytes=0-9,20-29"))
        #expect(response.status == 200)
        #expect(response.body == .file(path: Self.path, offset: 0, length: 1000))
    }

    @Test func notModifiedCarriesValidatorsOnly() {
        let expected = DirectoryResponsePlan(
            status: 304, headers: [("ETag", Self.etag), ("Last-Modified", Self.lastModified)], body: .none
        )
        #expect(plan("GET", Self.file, DirectoryRequestHeaders(ifNoneMatch: Self.etag)) == expected)
        #expect(plan("HEAD", Self.file, DirectoryRequestHeaders(ifModifiedSince: Self.lastModified)) == expected)
        // A 304 wins over a Range.
        let both = DirectoryRequestHeaders(ifNoneMatch: "W/\(Self.etag)", range: "bytes=0-9")
        #expect(plan("GET", Self.file, both) == expected)
    }

    @Test func failedPreconditionGives412() {
        let response = plan("GET", Self.file, DirectoryRequestHeaders(ifMatch: "\"other\""))
        #expect(response.status == 412)
        #expect(response.body == .text("412 Precondition Failed\n"))
    }

    @Test func otherMethodsAreNotAllowed() {
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "get"] {
            for resolution in [Self.file, .notFound, .forbidden] {
                let response = plan(method, resolution)
                #expect(response.status == 405)
                #expect(response.header("Allow") == "GET, HEAD")
                #expect(response.body == .text("405 Method Not Allowed\n"))
            }
        }
        #expect(plan("POST", .badRequest).status == 400)
    }

    @Test func resolutionErrorsAndRedirects() {
        let redirect = plan("GET", .redirectToDirectory(location: "/docs/"))
        #expect(redirect.status == 301)
        #expect(redirect.header("Location") == "/docs/")
        #expect(redirect.body == .text("301 Moved Permanently\n"))
        #expect(plan("GET", .notFound).body == .text("404 Not Found\n"))
        #expect(plan("GET", .forbidden).status == 403)
        #expect(plan("GET", .badRequest).status == 400)
        #expect(plan("GET", .badRequest).header("Content-Length") == "16")
    }

    @Test func headersReadThroughALookup() {
        let fields = ["if-none-match": Self.etag, "range": "bytes=0-1"]
        let headers = DirectoryRequestHeaders { fields[$0.lowercased()] }
        #expect(headers == DirectoryRequestHeaders(ifNoneMatch: Self.etag, range: "bytes=0-1"))
    }

    @Test func endToEndWithARealDirectory() throws {
        let fixture = try SiteFixture()
        let resolver = try DirectoryPathResolver(root: fixture.root)
        let response = plan("GET", resolver.resolve(urlPath: "/hello.txt"), DirectoryRequestHeaders(range: "bytes=-5"))
        #expect(response.status == 206)
        #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(response.body == .file(path: resolver.root + "/hello.txt", offset: 6, length: 5))
        let index = plan("GET", resolver.resolve(urlPath: "/"))
        #expect(index.header("Content-Type") == "text/html; charset=utf-8")
        #expect(index.header("Content-Length") == "14")
    }
}
