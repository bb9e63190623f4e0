import Testing

@testable import EdgeOrigin

@Suite struct ByteRangeTests {
    static let size: Int64 = 1000

    @Test(arguments: [
        ("bytes=0-99", ByteRange.partial(start: 0, end: 99)),
        ("bytes=100-", .partial(start: 100, end: 999)),
        ("bytes=-500", .partial(start: 500, end: 999)),
        ("bytes=-5000", .partial(start: 0, end: 999)),
        ("bytes=990-2000", .partial(start: 990, end: 999)),
        ("bytes=999-999", .partial(start: 999, end: 999)),
        ("bytes=0-99999999999999999999999", .partial(start: 0, end: 999)),
        ("Bytes = 10 - 19 ", .partial(start: 10, end: 19)),
        ("bytes=, 5-9,", .partial(start: 5, end: 9)),
        ("bytes=0-9,10-19", .partial(start: 0, end: 19)),
        ("bytes=10-19, 0-14", .partial(start: 0, end: 19)),
        ("bytes=0-9, 2000-3000", .partial(start: 0, end: 9)),
        ("bytes=1000-", .unsatisfiable),
        ("bytes=1000-2000", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=5000-, 1000-1001", .unsatisfiable),
        ("bytes=99999999999999999999999-", .unsatisfiable),
        ("bytes=0-9, 20-29", .full),
        ("bytes=0-0,-1", .full),
        ("bytes=5-1", .full),
        ("bytes=0-9, 5-1", .full),
        ("bytes=abc", .full),
        ("bytes=1-2-3", .full),
        ("bytes=-", .full),
        ("bytes=x-9", .full),
        ("bytes=", .full),
        ("bytes 0-9", .full),
        ("items=0-9", .full),
        ("", .full),
    ])
    func parse(header: String, expected: ByteRange) {
        #expect(ByteRange.parse(header, size: Self.size) == expected)
    }

    @Test func emptyRepresentationSatisfiesNoRange() {
        #expect(ByteRange.parse("bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-10", size: 0) == .unsatisfiable)
    }

    @Test func tooManyRangesAreIgnored() {
        let many = "bytes=" + (0..<(ByteRange.maximumRangeCount + 1)).map { "\($0)-\($0)" }.joined(separator: ",")
        #expect(ByteRange.parse(many, size: Self.size) == .full)
        let allowed = "bytes=" + (0..<ByteRange.maximumRangeCount).map { "\($0)-\($0)" }.joined(separator: ",")
        #expect(ByteRange.parse(allowed, size: Self.size) == .partial(start: 0, end: 63))
    }

    @Test func contentRangeAndLength() {
        #expect(ByteRange.partial(start: 0, end: 99).contentRange(size: 1000) == "bytes 0-99/1000")
        #expect(ByteRange.partial(start: 0, end: 99).length == 100)
        #expect(ByteRange.unsatisfiable.contentRange(size: 1000) == "bytes */1000")
        #expect(ByteRange.full.contentRange(size: 1000) == nil)
        #expect(ByteRange.full.length == nil)
    }

    @Test func ifRange() {
        let etag = "\"5f3a-3e8\""
        let modified: Int64 = 784_111_777
        func evaluate(_ ifRange: String?, range: String? = "bytes=0-99") -> ByteRange {
            ByteRange.evaluate(range: range, ifRange: ifRange, size: Self.size, etag: etag, lastModified: modified)
        }
        let first100 = ByteRange.partial(start: 0, end: 99)
        #expect(evaluate(nil) == first100)
        #expect(evaluate(nil, range: nil) == .full)
        #expect(evaluate(etag, range: nil) == .full)
        #expect(evaluate(etag) == first100)
        #expect(evaluate(" \(etag) ") == first100)
        #expect(evaluate("\"other\"") == .full)
        #expect(evaluate("W/\"5f3a-3e8\"") == .full)  // weak tags never match for If-Range
        #expect(evaluate("Sun, 06 Nov 1994 08:49:37 GMT") == first100)
        #expect(evaluate("Sun, 06 Nov 1994 08:49:38 GMT") == .full)  // only an exact date validates
        #expect(evaluate("Sun, 06 Nov 1994 08:49:36 GMT") == .full)
        #expect(evaluate("garbage") == .full)
        #expect(evaluate(etag, range: "bytes=5000-") == .unsatisfiable)
    }
}
