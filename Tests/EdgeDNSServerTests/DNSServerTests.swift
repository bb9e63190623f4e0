import EdgeDNS
import EdgeDNSServer
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

/// A server on 127.0.0.1 with a random port, shut down after `body`.
private func withServer(
    zones: AuthoritativeZoneSet? = nil, rateLimit: ResponseRateLimiter.Settings = .init(),
    tcpIdleTimeout: TimeAmount = .seconds(10), _ body: (DNSServer, Int) throws -> Void
) throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    defer { try? group.syncShutdownGracefully() }
    let server = DNSServer(
        group: group, zones: try zones ?? TestZone.zones(), rateLimit: rateLimit, tcpIdleTimeout: tcpIdleTimeout,
        logger: Logger(label: "dns-test"))
    let bound = try server.start(listeners: ["127.0.0.1:0"]).wait()
    let port = try #require(bound.first?.port)
    defer { try? server.shutdown().wait() }
    try body(server, port)
}

private func packet(_ name: String, _ type: RecordType, edns: EDNS? = EDNS(), id: UInt16 = 7) throws -> [UInt8] {
    try TestZone.query(name, type, edns: edns, id: id).encode().bytes
}

@Suite struct DNSServerTests {
    @Test func answersOverUDP() throws {
        try withServer { _, port in
            let replies = try SocketClient.udp([try packet("WWW.example.test.", .a)], port: port)
            let response = try DNSMessage.decode(try #require(replies[0]))
            #expect(response.header.id == 7 && response.header.authoritative && response.header.rcode == .noError)
            #expect(response.questions.first?.name.description == "WWW.example.test.")
            #expect(response.answers.map(\.type) == [.cname, .cname, .a])
            #expect(response.edns?.udpPayloadSize == 1232)
        }
    }

    @Test func repeatedUDPQueriesGetTheSameBytesWithTheirIDUntilAReload() throws {
        try withServer { server, port in
            let first = try #require(try SocketClient.udp([try packet("host.example.test.", .a, id: 1)], port: port)[0])
            let again = try #require(
                try SocketClient.udp([try packet("host.example.test.", .a, id: 0xABCD)], port: port)[0])
            #expect(Array(again.prefix(2)) == [0xAB, 0xCD])
            #expect(again.dropFirst(2) == first.dropFirst(2))
            let changed = TestZone.text.replacingOccurrences(of: "192.0.2.80", with: "192.0.2.81")
            server.replaceZones(try AuthoritativeZoneSet([TestZone.parse(changed, "example.test.")]))
            let reloaded = try #require(
                try SocketClient.udp([try packet("host.example.test.", .a, id: 1)], port: port)[0])
            #expect(try DNSMessage.decode(reloaded).answers.map(\.data.presentation) == ["192.0.2.81"])
        }
    }

    @Test func truncatesOverUDPAndAnswersInFullOverTCP() throws {
        try withServer { _, port in
            let query = try packet("big.example.test.", .txt, edns: nil)
            let udp = try DNSMessage.decode(try #require(try SocketClient.udp([query], port: port)[0]))
            #expect(udp.header.truncated && udp.answers.count < 6)
            let second = try packet("example.test.", .soa, id: 8)
            let tcp = try SocketClient.tcp(
                SocketClient.framed(query) + SocketClient.framed(second), port: port, frames: 2)
            #expect(tcp.messages.count == 2)
            let full = try DNSMessage.decode(try #require(tcp.messages.first))
            #expect(!full.header.truncated && full.answers.count == 6)
            let soa = try DNSMessage.decode(try #require(tcp.messages.last))
            #expect(soa.header.id == 8 && soa.answers.map(\.type) == [.soa])
        }
    }

    @Test func malformedUDPIsFormerrOrDropped() throws {
        try withServer { _, port in
            let headerOnly: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x61]
            var response = try packet("example.test.", .soa)
            response[2] |= 0x80
            let replies = try SocketClient.udp([headerOnly, [1, 2, 3], response], port: port, timeout: 0.3)
            let formerr = try DNSMessage.decode(try #require(replies[0]))
            #expect(formerr.header.rcode == .formatError && formerr.header.id == 0x1234)
            #expect(replies[1] == nil && replies[2] == nil)
        }
    }

    @Test func survivesRandomPackets() throws {
        try withServer { _, port in
            var generator = SystemRandomNumberGenerator()
            let valid = try packet("example.test.", .soa)
            var packets: [[UInt8]] = []
            for _ in 0..<300 {
                var bytes = valid
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255, using: &generator)
                }
                bytes[2] &= 0x7F
                packets.append(Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))))
            }
            _ = try SocketClient.udp(packets, port: port, timeout: 0.01)
            let after = try SocketClient.udp([valid], port: port)
            #expect(try DNSMessage.decode(try #require(after[0])).header.rcode == .noError)
            let tcp = try SocketClient.tcp(SocketClient.framed(valid), port: port, frames: 1)
            #expect(tcp.messages.count == 1)
        }
    }

    @Test func malformedTCPGetsFormerrAndIsClosed() throws {
        try withServer { _, port in
            let garbage: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x61]
            let result = try SocketClient.tcp(
                SocketClient.framed(garbage) + SocketClient.framed(try packet("example.test.", .soa)), port: port,
                frames: 0)
            #expect(result.closed)
            #expect(result.messages.count == 1)
            #expect(try DNSMessage.decode(try #require(result.messages.first)).header.rcode == .formatError)
        }
    }

    @Test func idleTCPConnectionsAreClosed() throws {
        try withServer(tcpIdleTimeout: .milliseconds(200)) { _, port in
            let result = try SocketClient.tcp([], port: port, frames: 0, timeout: 3)
            #expect(result.closed)
        }
    }

    @Test func replaceZonesSwapsWhatIsServed() throws {
        try withServer(zones: .empty) { server, port in
            let query = try packet("example.test.", .soa)
            let before = try DNSMessage.decode(try #require(try SocketClient.udp([query], port: port)[0]))
            #expect(before.header.rcode == .refused)
            server.replaceZones(try TestZone.zones())
            let after = try DNSMessage.decode(try #require(try SocketClient.udp([query], port: port)[0]))
            #expect(after.header.rcode == .noError && after.answers.count == 1)
        }
    }

    @Test func rateLimitDropsAndSlipsOverUDPOnly() throws {
        let settings = ResponseRateLimiter.Settings(responsesPerSecond: 0.001, burst: 2)
        try withServer(rateLimit: settings) { _, port in
            let query = try packet("example.test.", .soa)
            let replies = try SocketClient.udp(Array(repeating: query, count: 6), port: port, timeout: 0.3)
            let shapes = try replies.map { reply in
                try reply.map { try DNSMessage.decode($0) }.map { $0.header.truncated ? "slip" : "send" } ?? "drop"
            }
            #expect(shapes == ["send", "send", "drop", "slip", "drop", "slip"])
            let tcp = try SocketClient.tcp(
                Array(repeating: SocketClient.framed(query), count: 5).flatMap { $0 }, port: port, frames: 5)
            #expect(tcp.messages.count == 5)
        }
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dig"), "dig (bind9-dnsutils) is not installed"))
    func digSeesAnAuthoritativeAnswer() throws {
        try withServer { _, port in
            let udp = try dig(["@127.0.0.1", "-p", "\(port)", "example.test", "SOA", "+norec"])
            #expect(udp.contains("status: NOERROR"))
            #expect(udp.contains("flags: qr aa;"))
            #expect(udp.contains("ANSWER: 1, AUTHORITY: 2"))
            let nx = try dig(["@127.0.0.1", "-p", "\(port)", "nope.example.test", "A", "+norec"])
            #expect(nx.contains("status: NXDOMAIN") && nx.contains("AUTHORITY: 1"))
            // Over 512 bytes without EDNS: dig sees TC and retries over TCP by itself.
            let retried = try dig(["@127.0.0.1", "-p", "\(port)", "big.example.test", "TXT", "+noedns"])
            #expect(retried.contains("Truncated, retrying in TCP mode"))
            #expect(retried.contains("ANSWER: 6"))
        }
    }

    private func dig(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dig")
        process.arguments = arguments + ["+tries=1", "+time=3"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
