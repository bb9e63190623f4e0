import EdgeCore
import NIOCore
import Testing

@testable import EdgeOrigin

/// Feeds `text` to a parser, optionally split into pieces of `chunk` bytes, and collects the events.
private func parse(
    _ text: String, isHead: Bool = false, chunk: Int? = nil, close: Bool = false
) throws(OriginResponseParseError) -> (head: OriginResponseHead?, body: String, ended: Bool, left: Int) {
    var parser = OriginResponseParser(maxHeadBytes: 1024)
    parser.expectResponse(isHeadRequest: isHead)
    let bytes = Array(text.utf8)
    var pending = ByteBuffer()
    var head: OriginResponseHead?
    var body = ""
    var ended = false
    var offset = 0
    repeat {
        let n = min(chunk ?? bytes.count, bytes.count - offset)
        pending.writeBytes(bytes[offset..<(offset + n)])
        offset += n
        while !ended, let event = try parser.next(&pending) {
            switch event {
            case .head(let h): head = h
            case .body(let b): body += String(buffer: b)
            case .end: ended = true
            }
        }
    } while offset < bytes.count
    if close && !ended, case .end = try parser.inputClosed() { ended = true }
    return (head, body, ended, pending.readableBytes)
}

@Suite struct OriginResponseParserTests {
    @Test func contentLengthBodyInOnePieceAndByteByByte() throws {
        let text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
        for chunk in [nil, 1, 3, 7] {
            let r = try parse(text, chunk: chunk)
            #expect(r.head?.status == 200)
            #expect(r.head?.contentLength == 5)
            #expect(r.head?.keepAlive == true)
            #expect(r.body == "hello")
            #expect(r.ended)
        }
    }

    @Test func fieldsAreTrimmedAndKeptInOrder() throws {
        let r = try parse("HTTP/1.1 200 OK\r\nA:  one \r\nb:two\t\r\nA: three\r\nContent-Length: 0\r\n\r\n")
        let pairs = try #require(r.head).fieldPairs
        #expect(pairs.map(\.name) == ["A", "b", "A", "Content-Length"])
        #expect(pairs.map(\.value) == ["one", "two", "three", "0"])
        #expect(r.ended)
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let text =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 99\r\n\r\n"
            + "5;name=value\r\nhello\r\n1A\r\n" + String(repeating: "x", count: 26) + "\r\n0\r\nX-Trailer: t\r\n\r\n"
        for chunk in [nil, 1, 4] {
            let r = try parse(text, chunk: chunk)
            #expect(r.head?.chunked == true)
            #expect(r.head?.contentLength == nil)  // Transfer-Encoding wins (RFC 9112 §6.3)
            #expect(r.body == "hello" + String(repeating: "x", count: 26))
            #expect(r.ended)
            #expect(r.left == 0)
        }
    }

    @Test func bareLineFeedsAreAccepted() throws {
        let r = try parse("HTTP/1.1 200 OK\nContent-Length: 2\n\nhi")
        #expect(r.body == "hi")
        #expect(r.ended)
    }

    @Test func bodylessResponses() throws {
        for status in ["204 No Content", "304 Not Modified"] {
            let r = try parse("HTTP/1.1 \(status)\r\nContent-Length: 10\r\n\r\n")
            #expect(r.ended)
            #expect(r.body.isEmpty)
        }
        let head = try parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", isHead: true)
        #expect(head.ended)
        #expect(head.head?.contentLength == 10)
    }

    @Test func interimResponsesAreSkipped() throws {
        let r = try parse(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx"
        )
        #expect(r.head?.status == 201)
        #expect(r.body == "x")
    }

    @Test func closeDelimitedBody() throws {
        let r = try parse("HTTP/1.1 200 OK\r\n\r\nuntil the end", close: true)
        #expect(r.head?.keepAlive == false)
        #expect(r.body == "until the end")
        #expect(r.ended)
        let te = try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz", close: true)
        #expect(te.head?.keepAlive == false)
        #expect(te.body == "zz")
    }

    @Test func keepAliveByVersionAndConnection() throws {
        #expect(try parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").head?.keepAlive == false)
        #expect(try parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").head?.keepAlive == false)
        #expect(
            try parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").head?.keepAlive == true)
        let nominating = try #require(
            try parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Secret\r\nContent-Length: 0\r\n\r\n").head)
        #expect(nominating.nominatesFields)
        #expect(nominating.connectionTokens == ["keep-alive", "x-secret"])
    }

    @Test func extraBytesAfterTheResponseAreLeft() throws {
        let r = try parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxGARBAGE")
        #expect(r.ended)
        #expect(r.left == 7)
    }

    @Test(arguments: [
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            OriginResponseParseError.invalidContentLength
        ),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", .invalidContentLength),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", .invalidContentLength),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", .malformedField),
        ("HTTP/1.1 200 OK\r\nName : x\r\n\r\n", .malformedField),
        ("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", .malformedField),
        ("HTTP/1.1 200 OK\r\nA: x\r\n folded\r\n\r\n", .malformedField),
        ("HTTP/1.1 200 OK\r\nA: x\u{1}y\r\n\r\n", .malformedField),
        ("HTTP/1.1 200 OK\r\nA: x\ry\r\n\r\n", .malformedField),
        ("HTTP/2 200 OK\r\n\r\n", .malformedStatusLine),
        ("HTTP/1.1 20 OK\r\n\r\n", .malformedStatusLine),
        ("HTTP/1.1 2000 OK\r\n\r\n", .malformedStatusLine),
        ("ICY 200 OK\r\n\r\n", .malformedStatusLine),
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", .unexpectedSwitchingProtocols),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunk),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", .invalidChunk),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1111111111111111\r\n", .invalidChunk),
    ])
    func invalidResponsesAreRejected(text: String, expected: OriginResponseParseError) {
        #expect(throws: expected) { try parse(text) }
        #expect(throws: expected) { try parse(text, chunk: 1) }
    }

    @Test func controlBytesAreFoundAtEveryOffsetOfLongValues() {
        // The value check works eight bytes at a time: a control byte, DEL or tab at every position
        // of values longer than a word must be judged as the byte-by-byte rule does.
        for length in [1, 7, 8, 9, 15, 16, 17, 40] {
            for position in 0..<length {
                for bad: UInt8 in [0x00, 0x01, 0x09, 0x0D, 0x1F, 0x7F, 0x20, 0x80, 0xFF] {
                    var value = [UInt8](repeating: UInt8(ascii: "v"), count: length)
                    value[position] = bad
                    let expected = (bad < 0x20 && bad != 0x09) || bad == 0x7F
                    let found = value.withUnsafeBytes { $0.containsControlBytes(from: 0, to: length) }
                    #expect(found == expected, "length \(length), byte \(bad) at \(position)")
                }
            }
        }
    }

    @Test func aHeadArrivingLineByLineIsTheSameHead() throws {
        let text =
            "HTTP/1.1 200 OK\r\nServer: s\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            + "X-Long: " + String(repeating: "0123456789", count: 12) + "\r\n\r\nabc"
        for chunk in [1, 2, 5, 17, 64] {
            let r = try parse(text, chunk: chunk)
            #expect(r.head?.status == 200)
            #expect(r.head?.fieldPairs.map(\.name) == ["Server", "Content-Type", "Content-Length", "X-Long"])
            #expect(r.body == "abc" && r.ended)
        }
    }

    @Test func headTooLarge() {
        let big = "HTTP/1.1 200 OK\r\n" + String(repeating: "A: 0123456789\r\n", count: 100)
        #expect(throws: OriginResponseParseError.headTooLarge) { try parse(big) }
        #expect(throws: OriginResponseParseError.headTooLarge) { try parse(big + "\r\n") }
    }

    @Test func truncatedBodiesFailOnClose() throws {
        for text in [
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
            "HTTP/1.1 200 OK\r\nContent-Le",
        ] {
            #expect(throws: OriginResponseParseError.truncatedBody) { try parse(text, close: true) }
        }
    }
}
