import Testing

@testable import EdgeOrigin

@Suite struct ConditionalRequestTests {
    static let etag = "\"5f3a-1c\""
    static let modified: Int64 = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
    static let atModified = "Sun, 06 Nov 1994 08:49:37 GMT"
    static let before = "Sun, 06 Nov 1994 08:49:36 GMT"
    static let after = "Sun, 06 Nov 1994 08:49:38 GMT"

    func outcome(_ conditions: ConditionalRequest, method: String = "GET") -> ConditionalRequest.Outcome {
        conditions.evaluate(method: method, etag: Self.etag, lastModified: Self.modified)
    }

    @Test func noConditionsProceed() {
        #expect(outcome(ConditionalRequest()) == .proceed)
    }

    @Test(arguments: [
        ("\"5f3a-1c\"", true), ("W/\"5f3a-1c\"", true), ("*", true), ("\"other\", \"5f3a-1c\"", true),
        ("\"a,b\" ,W/\"5f3a-1c\"", true), ("\"other\"", false), ("\"5f3a-1C\"", false), ("5f3a-1c", false),
        ("", false), ("W/\"other\", garbage", false),
    ])
    func ifNoneMatchUsesWeakComparison(value: String, matches: Bool) {
        let conditions = ConditionalRequest(ifNoneMatch: value)
        #expect(outcome(conditions) == (matches ? .notModified : .proceed))
        #expect(outcome(conditions, method: "HEAD") == (matches ? .notModified : .proceed))
        #expect(outcome(conditions, method: "POST") == (matches ? .preconditionFailed : .proceed))
    }

    @Test(arguments: [
        ("\"5f3a-1c\"", true), ("*", true), ("\"x\", \"5f3a-1c\"", true), ("W/\"5f3a-1c\"", false),
        ("\"other\"", false), ("", false),
    ])
    func ifMatchUsesStrongComparison(value: String, matches: Bool) {
        #expect(outcome(ConditionalRequest(ifMatch: value)) == (matches ? .proceed : .preconditionFailed))
        #expect(
            outcome(ConditionalRequest(ifMatch: value), method: "PUT") == (matches ? .proceed : .preconditionFailed)
        )
    }

    @Test func ifModifiedSince() {
        #expect(outcome(ConditionalRequest(ifModifiedSince: Self.atModified)) == .notModified)
        #expect(outcome(ConditionalRequest(ifModifiedSince: Self.after)) == .notModified)
        #expect(outcome(ConditionalRequest(ifModifiedSince: Self.before)) == .proceed)
        #expect(outcome(ConditionalRequest(ifModifiedSince: "yesterday")) == .proceed)
        #expect(outcome(ConditionalRequest(ifModifiedSince: "Sunday, 06-Nov-94 08:49:37 GMT")) == .notModified)
        #expect(outcome(ConditionalRequest(ifModifiedSince: "Sun Nov  6 08:49:37 1994")) == .notModified)
        // Only GET and HEAD evaluate If-Modified-Since.
        #expect(outcome(ConditionalRequest(ifModifiedSince: Self.atModified), method: "HEAD") == .notModified)
        #expect(outcome(ConditionalRequest(ifModifiedSince: Self.atModified), method: "POST") == .proceed)
    }

    @Test func ifUnmodifiedSince() {
        #expect(outcome(ConditionalRequest(ifUnmodifiedSince: Self.atModified)) == .proceed)
        #expect(outcome(ConditionalRequest(ifUnmodifiedSince: Self.after)) == .proceed)
        #expect(outcome(ConditionalRequest(ifUnmodifiedSince: Self.before)) == .preconditionFailed)
        #expect(outcome(ConditionalRequest(ifUnmodifiedSince: "garbage")) == .proceed)
    }

    @Test func ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        // A non-matching tag wins over a date that alone would give 304.
        #expect(outcome(ConditionalRequest(ifNoneMatch: "\"other\"", ifModifiedSince: Self.after)) == .proceed)
        // A matching tag wins over a date that alone would proceed.
        #expect(outcome(ConditionalRequest(ifNoneMatch: Self.etag, ifModifiedSince: Self.before)) == .notModified)
    }

    @Test func ifMatchTakesPrecedenceOverIfUnmodifiedSince() {
        #expect(outcome(ConditionalRequest(ifMatch: Self.etag, ifUnmodifiedSince: Self.before)) == .proceed)
        #expect(
            outcome(ConditionalRequest(ifMatch: "\"other\"", ifUnmodifiedSince: Self.after)) == .preconditionFailed
        )
    }

    @Test func preconditionFailureComesBeforeNotModified() {
        let conditions = ConditionalRequest(ifMatch: "\"other\"", ifNoneMatch: Self.etag)
        #expect(outcome(conditions) == .preconditionFailed)
        let unmodified = ConditionalRequest(ifNoneMatch: Self.etag, ifUnmodifiedSince: Self.before)
        #expect(outcome(unmodified) == .preconditionFailed)
    }
}
