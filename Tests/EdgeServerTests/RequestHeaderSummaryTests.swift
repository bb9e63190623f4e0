import NIOHTTP1
import Testing

@testable import EdgeServer

@Suite struct RequestHeaderSummaryTests {
    @Test func collectsWhatThePhasesNeedInOnePass() {
        let headers: HTTPHeaders = [
            "HOST": "a.test", "Content-Length": "5", "Transfer-Encoding": "gzip, Chunked", "Via": "1.1 x",
            "via": "1.1 y", "Expect": "100-Continue", "If-None-Match": "\"a\"", "if-none-match": "\"b\"",
            "If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT", "Range": "bytes=0-9", "If-Range": "\"a\"",
            "If-Match": "*", "If-Unmodified-Since": "Sun, 06 Nov 1994 08:49:37 GMT",
        ]
        let s = RequestHeaderSummary(headers)
        #expect(s.hostCount == 1 && s.host == "a.test")
        #expect(s.contentLength == "5" && !s.conflictingLengths)
        #expect(s.chunked)
        #expect(s.via == "1.1 x, 1.1 y")
        #expect(s.expectsContinue)
        #expect(s.directory.ifNoneMatch == "\"a\", \"b\"")
        #expect(s.directory.ifModifiedSince == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(s.directory.range == "bytes=0-9")
        #expect(s.directory.ifRange == "\"a\"")
        #expect(s.directory.ifMatch == "*")
        #expect(s.directory.ifUnmodifiedSince != nil)
    }

    @Test func flagsDuplicateHostsAndConflictingLengths() {
        let s = RequestHeaderSummary(["Host": "a.test", "host": "b.test", "Content-Length": "5", "content-length": "6"])
        #expect(s.hostCount == 2 && s.host == "a.test")
        #expect(s.conflictingLengths)
        let same = RequestHeaderSummary(["Content-Length": "5", "content-length": "5"])
        #expect(!same.conflictingLengths)
    }

    @Test func lookalikeNamesAreNotMatched() {
        let s = RequestHeaderSummary([
            "Hosts": "x", "X-Host": "y", "Vias": "z", "Content-Lengths": "1", "Expect": "other",
        ])
        #expect(s.hostCount == 0 && s.host == nil)
        #expect(s.via == nil && s.contentLength == nil && !s.expectsContinue)
    }

    @Test func lowercaseComparisonIgnoresASCIICaseOnly() {
        #expect("Content-Length".equalsLowercase("content-length"))
        #expect("CONTENT-LENGTH".equalsLowercase("content-length"))
        #expect(!"Content-Lengt".equalsLowercase("content-length"))
        #expect(!"content_length".equalsLowercase("content-length"))
        #expect(!"ſerver".equalsLowercase("server"))  // non-ASCII never folds
    }
}
