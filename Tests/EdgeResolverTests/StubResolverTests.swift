import EdgeDNS
import EdgeDNSServer
import EdgeResolver
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

/// Loopback tests: the resolver against our real authoritative server on 127.0.0.1. Timeouts are
/// generous and no test asserts a duration (the machine may be loaded).
@Suite struct StubResolverTests {
    let clock = ManualClock()

    private func configuration(_ nameservers: [SocketAddress], timeout: TimeAmount = .seconds(3), attempts: Int = 2)
        -> StubResolver.Configuration
    {
        StubResolver.Configuration(nameservers: nameservers, hostsFile: nil, timeout: timeout, attempts: attempts)
    }

    private func withResolver(
        nameservers: (any EventLoopGroup) throws -> [SocketAddress]? = { _ in nil },
        zones: AuthoritativeZoneSet? = nil, configure: (inout StubResolver.Configuration) -> Void = { _ in },
        _ body: (StubResolver, DNSServer, any EventLoop) throws -> Void
    ) throws {
        let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? serverGroup.syncShutdownGracefully() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        try TestNameservers.withServer(zones: try zones ?? TestNameservers.zones(), group: serverGroup) {
            server, address in
            var configuration = configuration(try nameservers(serverGroup).map { $0 + [address] } ?? [address])
            configure(&configuration)
            let resolver = StubResolver(
                group: group, configuration: configuration, clock: clock, logger: Logger(label: "resolver-test"))
            try body(resolver, server, group.next())
        }
    }

    @Test func resolvesAAndAAAAInParallel() throws {
        try withResolver { resolver, _, loop in
            let host = try resolver.resolve("Host.Example.Test.", on: loop).wait()
            #expect(host.ipv4 == [IPv4Address("192.0.2.1")!] && host.ipv6 == [IPv6Address("2001:db8::1")!])
            #expect(host.source == .nameserver && host.expires == clock.now() + 60)
            #expect(resolver.statistics.udpQueries == 2 && resolver.statistics.lookups == 1)
        }
    }

    @Test func followsCNAMEsAndKeepsTheSmallestTTL() throws {
        try withResolver { resolver, _, loop in
            let host = try resolver.resolve("alias.example.test", on: loop).wait()
            #expect(host.ipv4 == [IPv4Address("192.0.2.1")!] && host.ipv6 == [IPv6Address("2001:db8::1")!])
            #expect(host.expires == clock.now() + 30)
        }
    }

    @Test func oneFamilyIsEnough() throws {
        try withResolver { resolver, _, loop in
            let host = try resolver.resolve("v4only.example.test", on: loop).wait()
            #expect(host.ipv4 == [IPv4Address("192.0.2.4")!] && host.ipv6.isEmpty)
            #expect(host.expires == clock.now() + 120)
        }
    }

    @Test func servesFromTheCacheUntilTheTTLRunsOut() throws {
        try withResolver { resolver, server, loop in
            #expect(try resolver.resolve("host.example.test", on: loop).wait().ipv4 == [IPv4Address("192.0.2.1")!])
            server.replaceZones(try TestNameservers.zones(TestNameservers.zoneText(host: "192.0.2.2")))
            clock.advance(59)
            let cached = try resolver.resolve("HOST.example.test.", on: loop).wait()
            #expect(cached.ipv4 == [IPv4Address("192.0.2.1")!] && cached.expires == clock.now() + 1)
            #expect(resolver.statistics.udpQueries == 2 && resolver.statistics.cacheHits == 1)
            clock.advance(1)
            #expect(try resolver.resolve("host.example.test", on: loop).wait().ipv4 == [IPv4Address("192.0.2.2")!])
            #expect(resolver.statistics.udpQueries == 4)
        }
    }

    @Test func nxdomainIsCachedNegatively() throws {
        try withResolver { resolver, server, loop in
            #expect(throws: ResolverError.noSuchHost("nope.example.test")) {
                try resolver.resolve("nope.example.test", on: loop).wait()
            }
            server.replaceZones(try TestNameservers.zones(TestNameservers.zoneText(extra: "nope IN A 192.0.2.9")))
            clock.advance(59)
            #expect(throws: ResolverError.noSuchHost("nope.example.test")) {
                try resolver.resolve("NOPE.example.test", on: loop).wait()
            }
            #expect(resolver.statistics.udpQueries == 2 && resolver.statistics.cacheHits == 1)
            clock.advance(1)
            #expect(try resolver.resolve("nope.example.test", on: loop).wait().ipv4 == [IPv4Address("192.0.2.9")!])
        }
    }

    @Test func noDataIsNoAddresses() throws {
        try withResolver(zones: try TestNameservers.zones(TestNameservers.zoneText(extra: "mailonly IN MX 10 host"))) {
            resolver, _, loop in
            #expect(throws: ResolverError.noAddresses("mailonly.example.test")) {
                try resolver.resolve("mailonly.example.test", on: loop).wait()
            }
        }
    }

    @Test func retriesATruncatedAnswerOverTCP() throws {
        try withResolver { resolver, _, loop in
            let host = try resolver.resolve("big.example.test", on: loop).wait()
            #expect(host.ipv4.count == 150 && host.ipv4.first == IPv4Address("10.0.0.0")!)
            #expect(resolver.statistics.tcpQueries == 1)
        }
    }

    @Test func timesOutThenFallsOverToTheNextNameserver() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        try TestNameservers.withBlackHole(group: group) { blackHole in
            try withResolver(
                nameservers: { _ in [blackHole] },
                configure: { $0.timeout = .milliseconds(500) }
            ) { resolver, _, loop in
                let host = try resolver.resolve("host.example.test", on: loop).wait()
                #expect(host.ipv4 == [IPv4Address("192.0.2.1")!])
                #expect(resolver.statistics.timeouts == 2 && resolver.statistics.udpQueries == 4)
            }
        }
    }

    @Test func anUnreachableNameserverIsSkipped() throws {
        try withResolver(nameservers: { group in [try TestNameservers.closedPort(group: group)] }) {
            resolver, _, loop in
            let host = try resolver.resolve("host.example.test", on: loop).wait()
            #expect(host.ipv4 == [IPv4Address("192.0.2.1")!])
            #expect(resolver.statistics.timeouts == 2 && resolver.statistics.udpQueries == 4)
        }
    }

    @Test func silentNameserversTimeOut() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        try TestNameservers.withBlackHole(group: group) { blackHole in
            let resolver = StubResolver(
                group: group, configuration: configuration([blackHole], timeout: .milliseconds(200), attempts: 2),
                clock: clock, logger: Logger(label: "resolver-test"))
            #expect(throws: ResolverError.timedOut("host.example.test", [blackHole])) {
                try resolver.resolve("host.example.test", on: group.next()).wait()
            }
            #expect(resolver.statistics.udpQueries == 4 && resolver.statistics.timeouts == 4)
            #expect(throws: ResolverError.timedOut("host.example.test", [blackHole])) {
                try resolver.resolve("host.example.test", on: group.next()).wait()
            }
            #expect(resolver.statistics.udpQueries == 8)
        }
    }

    @Test func refusedFallsOverAndIsReportedWhenNoServerAnswers() throws {
        let refusing = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? refusing.syncShutdownGracefully() }
        try TestNameservers.withServer(zones: .empty, group: refusing) { _, refuser in
            try withResolver(nameservers: { _ in [refuser] }) { resolver, _, loop in
                let host = try resolver.resolve("host.example.test", on: loop).wait()
                #expect(host.ipv4 == [IPv4Address("192.0.2.1")!])
            }
            let resolver = StubResolver(
                group: refusing, configuration: configuration([refuser], attempts: 1), clock: clock,
                logger: Logger(label: "resolver-test"))
            #expect(throws: ResolverError.serverFailure("host.example.test", .refused)) {
                try resolver.resolve("host.example.test", on: refusing.next()).wait()
            }
        }
    }

    @Test func ignoresResponsesWithTheWrongIDOrQuestion() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        try TestNameservers.withDecoyServer(group: group) { decoy in
            let resolver = StubResolver(
                group: group, configuration: configuration([decoy]), clock: clock,
                logger: Logger(label: "resolver-test"))
            let host = try resolver.resolve("host.example.test", on: group.next()).wait()
            #expect(host.ipv4 == [IPv4Address("192.0.2.66")!] && host.ipv6.isEmpty)
            #expect(resolver.statistics.ignoredResponses == 4 && resolver.statistics.timeouts == 0)
        }
    }

    @Test func concurrentResolvesShareOneLookup() throws {
        try withResolver { resolver, _, loop in
            let futures = try loop.submit {
                (0..<20).map { index in
                    resolver.resolve(index % 2 == 0 ? "host.example.test" : "Host.Example.Test.", on: loop)
                }
            }.wait()
            let hosts = try futures.map { try $0.wait() }
            #expect(Set(hosts).count == 1 && hosts.first?.ipv4 == [IPv4Address("192.0.2.1")!])
            let statistics = resolver.statistics
            #expect(statistics.lookups == 1 && statistics.collapsed == 19 && statistics.udpQueries == 2)
        }
    }

    @Test func literalsAndBadNamesNeedNoQuery() throws {
        try withResolver { resolver, _, loop in
            let v4 = try resolver.resolve("192.0.2.7", on: loop).wait()
            #expect(v4 == ResolvedHost(literal: "192.0.2.7"))
            let v6 = try resolver.resolve("[2001:db8::7]", on: loop).wait()
            #expect(v6.expires == .infinity && v6.source == .literal)
            #expect(throws: ResolverError.invalidName("bad name")) { try resolver.resolve("bad name", on: loop).wait() }
            #expect(resolver.statistics.udpQueries == 0)
        }
    }

    @Test func withoutNameserversFailsFast() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let resolver = StubResolver(
            group: group, configuration: configuration([]), clock: clock, logger: Logger(label: "resolver-test"))
        #expect(throws: ResolverError.noNameservers) {
            try resolver.resolve("host.example.test", on: group.next()).wait()
        }
    }

    @Test func hostsFileComesFirstAndIsReReadWhenItChanges() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hosts-\(UUID().uuidString)").path
        try "192.0.2.77 Pinned.Example.Test host.example.test\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try withResolver(configure: { $0.hostsFile = path }) { resolver, _, loop in
            let pinned = try resolver.resolve("pinned.example.test.", on: loop).wait()
            #expect(
                pinned
                    == ResolvedHost(ipv4: [IPv4Address("192.0.2.77")!], expires: clock.now() + 60, source: .hostsFile))
            #expect(try resolver.resolve("host.example.test", on: loop).wait().source == .hostsFile)
            try "2001:db8::77 pinned.example.test\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try resolver.resolve("pinned.example.test", on: loop).wait().ipv4 == [IPv4Address("192.0.2.77")!])
            clock.advance(2)
            let changed = try resolver.resolve("pinned.example.test", on: loop).wait()
            #expect(changed.ipv4.isEmpty && changed.ipv6 == [IPv6Address("2001:db8::77")!])
            #expect(try resolver.resolve("host.example.test", on: loop).wait().source == .nameserver)
            #expect(resolver.statistics.hostsFileHits == 4 && resolver.statistics.udpQueries == 2)
        }
    }
}
