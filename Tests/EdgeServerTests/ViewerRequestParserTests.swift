import NIOCore
import NIOHTTP1
import Testing

@testable import EdgeServer

/// Feeds `text` to a parser (whole, or in pieces of `chunk` bytes, keeping unparsed bytes as the
/// connection handler does) and collects what it produced.
private func parse(_ text: String, chunk: Int? = nil, maxHead: Int = 1024) throws(ViewerRequestParseError)
    -> (heads: [HTTPRequestHead], bodies: [String], ends: Int, left: Int)
{
    var parser = ViewerRequestParser(maxHeadBytes: maxHead)
    let bytes = Array(text.utf8)
    var heads: [HTTPRequestHead] = []
    var bodies: [String] = []
    var body = ""
    var ends = 0
    var pending = ByteBuffer()
    var offset = 0
    repeat {
        let n = min(chunk ?? bytes.count, bytes.count - offset)
        pending.writeBytes(bytes[offset..<(offset + n)])
        offset += n
        while let event = try parser.next(&pending) {
            switch event {
            case .head(let head): heads.append(head)
            case .body(let piece): body += String(buffer: piece)
            case .end:
                ends += 1
                bodies.append(body)
                body = ""
            }
        }
    } while offset < bytes.count
    return (heads, bodies, ends, pending.readableBytes)
}

@Suite struct ViewerRequestParserTests {
    @Test func simpleGetWholeAndByteByByte() throws {
        let text = "GET /a/b?c=d HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\n\r\n"
        for chunk in [nil, 1, 3, 7] {
            let r = try parse(text, chunk: chunk)
            #expect(r.heads.count == 1 && r.ends == 1 && r.left == 0)
            let head = try #require(r.heads.first)
            #expect(head.method == .GET)
            #expect(head.uri == "/a/b?c=d")
            #expect(head.version == .http1_1)
            #expect(head.headers.map { [$0.name, $0.value] } == [["Host", "example.test"], ["Accept", "*/*"]])
            #expect(head.isKeepAlive)
        }
    }

    @Test func valuesAreTrimmedAndBareLineFeedsAccepted() throws {
        let r = try parse("POST /x HTTP/1.0\nHost:  h \t\nConnection: keep-alive\nContent-Length: 3\n\nabc")
        let head = try #require(r.heads.first)
        #expect(head.method == .POST && head.version == .http1_0)
        #expect(head.headers["host"] == ["h"])
        #expect(head.isKeepAlive)
        #expect(r.bodies == ["abc"])
    }

    @Test func pipelinedRequestsWithBodies() throws {
        let text =
            "PUT /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /2 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n"
            + "\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n"
        for chunk in [nil, 1, 5, 11] {
            let r = try parse(text, chunk: chunk)
            #expect(r.heads.map(\.uri) == ["/1", "/2", "/3"])
            #expect(r.bodies == ["hello", "abcde", ""])
            #expect(r.left == 0)
        }
    }

    @Test func uncommonMethodsAndHigherMinorVersion() throws {
        let r = try parse("PROPFIND /d HTTP/1.9\r\nHost: h\r\n\r\n")
        let head = try #require(r.heads.first)
        #expect(head.method == .RAW(value: "PROPFIND"))
        #expect(head.version == .http1_1)
    }

    @Test func anIncompleteHeadWaits() throws {
        let r = try parse("GET / HTTP/1.1\r\nHost: h\r\n")
        #expect(r.heads.isEmpty && r.left > 0)
    }

    @Test(arguments: [
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", ViewerRequestParseError.malformedRequestLine),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET /\u{1} HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("/ HTTP/1.1\r\nHost: h\r\n\r\n", .malformedRequestLine),
        ("GET / HTTP/1.1\r\nHost h\r\n\r\n", .malformedField),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", .malformedField),
        ("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", .malformedField),
        ("GET / HTTP/1.1\r\nHost: h\u{0}x\r\n\r\n", .malformedField),
        ("GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n", .malformedField),
        ("GET / HTTP/1.1\r\n: h\r\n\r\n", .malformedField),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 2\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x10\r\n\r\n", .invalidContentLength),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            .invalidTransferEncoding
        ),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", .invalidTransferEncoding),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunk),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", .invalidChunk),
    ])
    func invalidRequestsAreRefused(text: String, expected: ViewerRequestParseError) {
        #expect(throws: expected) { try parse(text) }
        #expect(throws: expected) { try parse(text, chunk: 1) }
    }

    @Test func aValidRequestBeforeAnInvalidOneIsStillParsed() throws {
        var parser = ViewerRequestParser(maxHeadBytes: 1024)
        var buffer = ByteBuffer(string: "GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\r\nHost h\r\n\r\n")
        guard case .head(let head)? = try parser.next(&buffer) else { Issue.record("no head"); return }
        #expect(head.uri == "/ok")
        guard case .end? = try parser.next(&buffer) else { Issue.record("no end"); return }
        #expect(throws: ViewerRequestParseError.malformedField) { try parser.next(&buffer) }
    }

    @Test func limitsGive414ForTheRequestLineAnd431ForTheFields() {
        let longTarget = "GET /" + String(repeating: "a", count: 2000) + " HTTP/1.1\r\nHost: h\r\n\r\n"
        #expect(throws: ViewerRequestParseError.uriTooLong) { try parse(longTarget) }
        #expect(throws: ViewerRequestParseError.uriTooLong) { try parse(longTarget, chunk: 100) }
        let manyFields = "GET / HTTP/1.1\r\n" + String(repeating: "X-Pad: 0123456789\r\n", count: 100) + "\r\n"
        #expect(throws: ViewerRequestParseError.headTooLarge) { try parse(manyFields) }
        #expect(throws: ViewerRequestParseError.headTooLarge) { try parse(manyFields, chunk: 64) }
        #expect(ViewerRequestParseError.uriTooLong.status == .uriTooLong)
        #expect(ViewerRequestParseError.headTooLarge.status == .requestHeaderFieldsTooLarge)
        #expect(ViewerRequestParseError.invalidChunk.status == .badRequest)
    }
}
