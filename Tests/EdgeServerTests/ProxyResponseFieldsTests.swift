import EdgeConfig
import EdgeOrigin
import NIOCore
import Testing

@testable import EdgeServer

/// The head edge parses from `text` (status line, fields, empty line).
private func head(_ text: String) throws -> OriginResponseHead {
    var parser = OriginResponseParser()
    parser.expectResponse(isHeadRequest: false)
    var buffer = ByteBuffer(string: text)
    guard case .head(let head)? = try parser.next(&buffer) else { throw CancellationError() }
    return head
}

private func lines(_ fields: ResponseFieldLines) -> [String] {
    var out: [String] = []
    fields.forEach { out.append("\($0): \($1)") }
    return out
}

@Suite struct ProxyResponseFieldsTests {
    let plain = ProxyResponseFields(
        policy: ResponseHeadersPolicy(), debug: nil, requestId: "rid", viaHop: "1.1 n1 (edge)", isHeadRequest: false)

    @Test func hopByHopAndFramingFieldsAreDroppedAndViaAppended() throws {
        let fields = plain.build(
            try head(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nContent-Length: 3\r\nVia: 1.1 upstream\r\nETag: \"e\"\r\n"
                    + "X-Edge-Request-Id: spoofed\r\n\r\n"))
        #expect(
            lines(fields) == [
                "Content-Type: text/plain", "ETag: \"e\"", "via: 1.1 upstream, 1.1 n1 (edge)", "x-edge-request-id: rid",
            ])
        #expect(!fields.hasDate && !fields.hasServer)
    }

    @Test func bareLineFeedsBecomeCRLFAndDateServerAreNoted() throws {
        let fields = plain.build(try head("HTTP/1.1 200 OK\nDate: x\nServer: o\nA: 1\n\n"))
        #expect(lines(fields) == ["Date: x", "Server: o", "A: 1", "via: 1.1 n1 (edge)", "x-edge-request-id: rid"])
        #expect(fields.hasDate && fields.hasServer)
    }

    @Test func responseHeadersPolicyAndDebugHeaders() throws {
        let filter = ProxyResponseFields(
            policy: ResponseHeadersPolicy(
                customHeaders: [
                    .init(header: "X-Frame-Options", value: "DENY"),
                    .init(header: "Cache-Control", value: "max-age=60", override: false),
                    .init(header: "X-New", value: "n", override: false),
                ],
                removeHeaders: ["x-powered-by", "via"]),
            debug: .init(behavior: "/api/*", distribution: "d", origin: "o"), requestId: "rid", viaHop: "1.1 n1 (edge)",
            isHeadRequest: true)
        let fields = filter.build(
            try head(
                "HTTP/1.1 200 OK\r\nX-Powered-By: php\r\nx-frame-options: SAMEORIGIN\r\nCache-Control: no-cache\r\n"
                    + "X-Edge-Origin: fake\r\nContent-Length: 42\r\n\r\n"))
        #expect(
            lines(fields) == [
                "Cache-Control: no-cache", "X-Frame-Options: DENY", "X-New: n", "x-edge-behavior: /api/*",
                "x-edge-distribution: d", "x-edge-origin: o", "x-edge-request-id: rid", "content-length: 42",
            ])
    }
}
