import NIOCore
import Testing

@testable import EdgeServer

@Suite struct HTTP1ConnectionHandlerTests {
    @Test func pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws {
        let h = try HTTP1Harness()
        try h.send(
            "GET /a HTTP/1.1\r\nHost: one.test\r\n\r\nPOST /b HTTP/1.1\r\nHost: a.test\r\nContent-Length: 0\r\n\r\n"
                + "GET /secure/x?q=1 HTTP/1.1\r\nHost: a.test\r\n\r\n")
        let out = try h.output()
        #expect(HTTP1Harness.statuses(out) == [421, 405, 301])
        #expect(out.contains("no distribution serves host 'one.test'"))
        #expect(h.channel.isActive)
    }

    @Test func redirectKeepsPathAndQuery() throws {
        let h = try HTTP1Harness()
        try h.send("GET /secure/x?q=1 HTTP/1.1\r\nHost: a.test:8080\r\n\r\n")
        let out = try h.output()
        #expect(out.hasPrefix("HTTP/1.1 301 Moved Permanently\r\n"))
        #expect(out.contains("location: https://a.test/secure/x?q=1\r\n"))
    }

    @Test func httpsOnlyIsForbiddenOverPlainHTTP() throws {
        let h = try HTTP1Harness()
        try h.send("GET /only-tls/x HTTP/1.1\r\nHost: a.test\r\n\r\n")
        #expect(HTTP1Harness.statuses(h.outputOrEmpty()) == [403])
    }

    @Test func methodNotAllowedListsAllow() throws {
        let h = try HTTP1Harness()
        try h.send("DELETE / HTTP/1.1\r\nHost: a.test\r\n\r\n")
        let out = try h.output()
        #expect(out.hasPrefix("HTTP/1.1 405 "))
        #expect(out.contains("allow: GET, HEAD\r\n"))
    }

    @Test func headOfALocalAnswerHasLengthButNoBody() throws {
        let h = try HTTP1Harness()
        try h.send("HEAD / HTTP/1.1\r\nHost: nowhere.test\r\n\r\n")
        let out = try h.output()
        #expect(out.hasPrefix("HTTP/1.1 421 "))
        #expect(out.contains("content-length: "))
        #expect(out.hasSuffix("\r\n\r\n"))
    }

    @Test func uriOverTheLimitGets414AndCloses() throws {
        let h = try HTTP1Harness()
        try h.send("GET /" + String(repeating: "a", count: 8_200) + " HTTP/1.1\r\nHost: a.test\r\n\r\n")
        let out = try h.output()
        #expect(HTTP1Harness.statuses(out) == [414])
        #expect(out.contains("connection: close\r\n"))
        #expect(!h.channel.isActive)
    }

    @Test func headersOverTheLimitGet431AndClose() throws {
        let h = try HTTP1Harness()
        try? h.send("GET / HTTP/1.1\r\nHost: a.test\r\nX-Big: " + String(repeating: "b", count: 21_000) + "\r\n\r\n")
        #expect(HTTP1Harness.statuses(h.outputOrEmpty()) == [431])
        #expect(!h.channel.isActive)
    }

    @Test func malformedRequestGets400AndCloses() throws {
        let h = try HTTP1Harness()
        try? h.send("GARBAGE\r\n\r\n")
        #expect(HTTP1Harness.statuses(h.outputOrEmpty()) == [400])
        #expect(!h.channel.isActive)
    }

    @Test func missingHostOnHTTP11Gets400() throws {
        let h = try HTTP1Harness()
        try h.send("GET / HTTP/1.1\r\n\r\n")
        #expect(HTTP1Harness.statuses(h.outputOrEmpty()) == [400])
    }

    @Test func conflictingContentLengthsGet400() throws {
        let h = try HTTP1Harness()
        try? h.send("POST /upload/x HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello")
        #expect(HTTP1Harness.statuses(h.outputOrEmpty()).first == 400)
    }

    @Test func bodyOverTheBehaviorLimitGets413AndCloses() throws {
        let h = try HTTP1Harness()
        try h.send("POST /upload/x HTTP/1.1\r\nHost: a.test\r\nContent-Length: 101\r\n\r\n")
        let out = try h.output()
        #expect(HTTP1Harness.statuses(out) == [413])
        #expect(out.contains("connection: close\r\n"))
        #expect(!h.channel.isActive)
    }

    @Test func http10GetsKeepAliveOnlyWhenAsked() throws {
        let h = try HTTP1Harness()
        try h.send("GET / HTTP/1.0\r\nHost: nowhere.test\r\nConnection: keep-alive\r\n\r\n")
        let out = try h.output()
        #expect(out.contains("connection: keep-alive\r\n"))
        #expect(h.channel.isActive)
        try h.send("GET / HTTP/1.0\r\nHost: nowhere.test\r\n\r\n")
        _ = try h.output()
        #expect(!h.channel.isActive)
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let h = try HTTP1Harness()
        try h.send("GET / HTTP/1.1\r\nHost: nowhere.test\r\n\r\n")
        _ = h.outputOrEmpty()
        #expect(h.channel.isActive)
        h.channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.all)
        #expect(!h.channel.isActive)
    }

    @Test func readIdleAloneDoesNotClose() throws {
        let h = try HTTP1Harness()
        h.channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
        #expect(h.channel.isActive)
    }
}
