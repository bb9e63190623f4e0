import EdgeConfig
import NIOCore
import NIOSSL
import Testing

@testable import EdgeTLS

/// Back-to-back TLS handshakes in memory: a NIOSSL client against the server pipeline that
/// `TLSContextStore.configureServerPipeline` builds.
@Suite struct SNIHandshakeTests {
    /// Server names seen by `onHandshake` / `onRefused`, in order (everything runs on the test's thread).
    final class Calls: @unchecked Sendable {
        var handshakes: [String?] = []
        var refusals: [String?] = []
    }

    /// Builds the server side of `pair` and starts a client asking for `serverName`.
    func start(
        _ pair: InMemoryTLSPair, store: TLSContextStore, client: NIOSSLContext, serverName: String?,
        calls: Calls = Calls()
    ) throws {
        try pair.client.pipeline.syncOperations.addHandler(
            NIOSSLClientHandler(context: client, serverHostname: serverName))
        try pair.client.pipeline.syncOperations.addHandler(UserEventRecorder())
        try store.configureServerPipeline(
            pair.server,
            onRefused: { _, name in calls.refusals.append(name) },
            onHandshake: { channel, name in
                calls.handshakes.append(name)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
        ).wait()
        try pair.connect()
    }

    @Test func eachNameGetsItsOwnCertificate() throws {
        let pki = try TestPKI()
        let a = try pki.fileEntry("a", domains: ["a.example.test"])
        let b = try pki.fileEntry("b", domains: ["b.example.test"])
        let wild = try pki.fileEntry("wild", domains: ["*.wild.test"])
        let store = try TLSContextStore(
            certificates: [a.entry, b.entry, wild.entry], resolvePath: pki.resolve, authority: nil,
            minimumVersion: .tlsV1_2, alpn: ["h2", "http/1.1"])

        for (name, expected) in [("a.example.test", a.leaf), ("b.example.test", b.leaf), ("x.wild.test", wild.leaf)] {
            let pair = InMemoryTLSPair()
            defer { pair.finish() }
            let calls = Calls()
            try self.start(pair, store: store, client: try pki.clientContext(), serverName: name, calls: calls)
            try pair.interact()
            #expect(try pair.serverCertificate() == expected, "\(name)")
            #expect(calls.handshakes == [name])
            #expect(try pair.tlsVersion() == .tlsv13)
            // The SNI handler removed itself; TLS now sits where it was.
            #expect(!String(describing: pair.server.pipeline).contains("SNIHandler"))
            #expect(throws: Never.self) {
                try pair.server.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self)
            }
        }
    }

    @Test func selfSignedEntriesServeLeafAndCAChain() throws {
        let pki = try TestPKI()
        let store = try TLSContextStore(
            certificates: [CertificateConfig(domains: ["*.dev.test"], selfSigned: true)], resolvePath: pki.resolve,
            authority: pki.authority, minimumVersion: .tlsV1_2, alpn: [])
        #expect(store.contexts[0].configuration.certificateChain.count == 2)
        let pair = InMemoryTLSPair()
        defer { pair.finish() }
        try self.start(pair, store: store, client: try pki.clientContext(), serverName: "app.dev.test")
        try pair.interact()
        #expect(try pair.serverCertificate()?.dnsNames == ["*.dev.test"])
    }

    @Test(arguments: ["unknown.test", "a.b.wild.test", nil] as [String?])
    func unknownNameWithoutDefaultGetsOnlyTheAlert(serverName: String?) throws {
        let pki = try TestPKI()
        let wild = try pki.fileEntry("wild", domains: ["*.wild.test"])
        let store = try TLSContextStore(
            certificates: [wild.entry], resolvePath: pki.resolve, authority: nil, minimumVersion: .tlsV1_2, alpn: [])
        let pair = InMemoryTLSPair()
        defer { pair.finish() }
        let calls = Calls()
        try self.start(
            pair, store: store, client: try pki.clientContext(verifyHostname: serverName != nil),
            serverName: serverName, calls: calls)

        let clientHello = try #require(try pair.client.readOutbound(as: ByteBuffer.self))
        try pair.server.writeInbound(clientHello)
        pair.loop.run()
        let reply = try #require(try pair.server.readOutbound(as: ByteBuffer.self))
        #expect(Array(reply.readableBytesView) == [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x70])
        #expect(Array(reply.readableBytesView) == TLSContextStore.unrecognizedNameAlert)
        #expect(try pair.server.readOutbound(as: ByteBuffer.self) == nil)
        #expect(!pair.server.isActive)
        #expect(calls.handshakes.isEmpty)
        #expect(calls.refusals == [serverName])
        #expect(throws: (any Error).self) {
            try pair.server.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self)
        }

        // BoringSSL on the client side reads it as the unrecognized_name alert.
        let error = #expect(throws: (any Error).self) {
            try pair.client.writeInbound(reply)
            try pair.client.throwIfErrorCaught()
        }
        #expect(String(describing: error).contains("UNRECOGNIZED_NAME"))
    }

    @Test func absentNameGetsTheDefault() throws {
        let pki = try TestPKI()
        let exact = try pki.fileEntry("exact", domains: ["exact.test"])
        let fallback = try pki.fileEntry("fallback", domains: ["fallback.test"], isDefault: true)
        let store = try TLSContextStore(
            certificates: [exact.entry, fallback.entry], resolvePath: pki.resolve, authority: nil,
            minimumVersion: .tlsV1_2, alpn: [])
        for name in [nil, "unknown.test"] as [String?] {
            let pair = InMemoryTLSPair()
            defer { pair.finish() }
            let calls = Calls()
            try self.start(
                pair, store: store, client: try pki.clientContext(verifyHostname: false), serverName: name,
                calls: calls)
            try pair.interact()
            #expect(try pair.serverCertificate() == fallback.leaf)
            #expect(calls.handshakes == [name])
        }
    }

    @Test func tls13FloorRefusesATLS12Client() throws {
        let pki = try TestPKI()
        let a = try pki.fileEntry("a", domains: ["a.test"])
        let strict = try TLSContextStore(
            certificates: [a.entry], resolvePath: pki.resolve, authority: nil, minimumVersion: .tlsV1_3, alpn: [])
        let refused = InMemoryTLSPair()
        defer { refused.finish() }
        try self.start(
            refused, store: strict, client: try pki.clientContext(maximumVersion: .tlsv12), serverName: "a.test")
        #expect(throws: (any Error).self) { try refused.interact() }
        #expect(try refused.serverCertificate() == nil)

        // The same client is welcome where the floor is TLS 1.2.
        let lenient = try TLSContextStore(
            certificates: [a.entry], resolvePath: pki.resolve, authority: nil, minimumVersion: .tlsV1_2, alpn: [])
        let accepted = InMemoryTLSPair()
        defer { accepted.finish() }
        try self.start(
            accepted, store: lenient, client: try pki.clientContext(maximumVersion: .tlsv12), serverName: "a.test")
        try accepted.interact()
        #expect(try accepted.tlsVersion() == .tlsv12)
    }

    @Test(arguments: [(["h2", "http/1.1"], "h2"), (["http/1.1"], "http/1.1")])
    func alpnPrefersTheServersOrder(clientProtocols: [String], expected: String) throws {
        let pki = try TestPKI()
        let a = try pki.fileEntry("a", domains: ["a.test"])
        let store = try TLSContextStore(
            certificates: [a.entry], resolvePath: pki.resolve, authority: nil, minimumVersion: .tlsV1_2,
            alpn: ["h2", "http/1.1"])
        let pair = InMemoryTLSPair()
        defer { pair.finish() }
        try self.start(pair, store: store, client: try pki.clientContext(alpn: clientProtocols), serverName: "a.test")
        try pair.interact()
        let recorder = try pair.client.pipeline.syncOperations.handler(type: UserEventRecorder.self)
        // NIOTLS's `TLSUserEvent` is not importable here (no NIOTLS test dependency); its description is stable.
        #expect(recorder.events.contains(#"handshakeCompleted(negotiatedProtocol: Optional("\#(expected)"))"#))
    }
}

extension SNIHandshakeTests {
    struct SetupFailed: Error {}

    @Test func failedHandshakeSetupClosesTheConnection() throws {
        let pki = try TestPKI()
        let a = try pki.fileEntry("a", domains: ["a.test"])
        let store = try TLSContextStore(
            certificates: [a.entry], resolvePath: pki.resolve, authority: nil, minimumVersion: .tlsV1_2, alpn: [])
        let pair = InMemoryTLSPair()
        defer { pair.finish() }
        try pair.client.pipeline.syncOperations.addHandler(
            NIOSSLClientHandler(context: try pki.clientContext(), serverHostname: "a.test"))
        try store.configureServerPipeline(pair.server) { channel, _ in
            channel.eventLoop.makeFailedFuture(SetupFailed())
        }.wait()
        try pair.connect()
        let clientHello = try #require(try pair.client.readOutbound(as: ByteBuffer.self))
        // Closing mid-read may surface NIOSSL's "read in invalid state" for the replayed bytes; the point is
        // that the connection ends.
        _ = try? pair.server.writeInbound(clientHello)
        pair.loop.run()
        #expect(!pair.server.isActive)
    }
}
