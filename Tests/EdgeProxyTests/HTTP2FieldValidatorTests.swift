import EdgeProxy
import Testing

@Suite struct HTTP2FieldValidatorTests {
    static let good: [(String, String)] = [
        (":method", "GET"), (":scheme", "https"), (":path", "/a?b"), (":authority", "a.test"),
        ("accept", "*/*"), ("te", "trailers"), ("x-custom", "v a l"),
    ]

    func problem(_ fields: [(String, String)], trailers: Bool = false) -> String? {
        var validator = HTTP2FieldValidator(isTrailers: trailers)
        for (name, value) in fields where !validator.accept(name: name, value: value) { break }
        return validator.finish()
    }

    @Test func aNormalRequestPasses() {
        #expect(problem(Self.good) == nil)
        #expect(problem([(":method", "CONNECT"), (":authority", "a.test:443")]) == nil)
        #expect(problem([("x-checksum", "abc")], trailers: true) == nil)
    }

    /// Invalid blocks and the problem each must report.
    static let invalid: [([(String, String)], String)] = [
        ([(":method", "GET"), (":scheme", "https")], "a request needs :method, :scheme and :path"),
        (good + [(":path", "/x")], "pseudo-header field :path after a regular field"),
        (
            [(":method", "GET"), (":method", "GET"), (":scheme", "https"), (":path", "/")],
            "pseudo-header field :method repeated"
        ),
        ([(":status", "200")], "unknown pseudo-header field :status"),
        ([(":method", "GET"), (":scheme", "https"), (":path", "")], "empty :path"),
        ([(":method", "GET"), (":scheme", "https"), (":path", "/ x")], "invalid :path value"),
        (good + [("Accept", "x")], "invalid field name Accept"),
        (good + [("bad name", "x")], "invalid field name bad name"),
        (good + [("", "x")], "empty field name"),
        (good + [("connection", "close")], "connection-specific field connection"),
        (good + [("transfer-encoding", "chunked")], "connection-specific field transfer-encoding"),
        (good + [("keep-alive", "5")], "connection-specific field keep-alive"),
        (good + [("upgrade", "h2c")], "connection-specific field upgrade"),
        (good + [("proxy-connection", "x")], "connection-specific field proxy-connection"),
        (good + [("te", "gzip")], "te other than trailers"),
        (good + [("x", "a\r\nb")], "field x value with NUL, CR or LF"),
        (good + [("x", " a")], "field x value with leading or trailing whitespace"),
        (
            [(":method", "CONNECT"), (":authority", "a"), (":path", "/")],
            "CONNECT needs :authority and no :scheme or :path"
        ),
        (
            [(":method", "GET"), (":scheme", "https"), (":path", "/"), (":protocol", "websocket")],
            ":protocol is only allowed with CONNECT"
        ),
    ]

    @Test(arguments: invalid)
    func invalidBlocksAreNamed(fields: [(String, String)], expected: String) {
        #expect(problem(fields) == expected)
    }

    @Test func trailersHaveNoPseudoHeaders() {
        #expect(problem([(":path", "/")], trailers: true) == "pseudo-header field :path in trailers")
    }
}
