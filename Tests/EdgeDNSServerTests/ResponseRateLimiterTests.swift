import EdgeCore
import EdgeDNS
import EdgeDNSServer
import NIOConcurrencyHelpers
import Testing

/// A clock the test moves by hand.
final class ManualClock: EdgeClock {
    private let time = NIOLockedValueBox<Double>(1_000)
    func now() -> Double { time.withLockedValue { $0 } }
    func advance(_ seconds: Double) { time.withLockedValue { $0 += seconds } }
}

@Suite struct ResponseRateLimiterTests {
    let client = ClientAddress.v4(IPv4Address("192.0.2.10")!)

    @Test func defaultsAreGenerousAndOn() {
        let settings = ResponseRateLimiter.Settings()
        #expect(settings.enabled && settings.responsesPerSecond == 1000 && settings.burst == 2000 && settings.slip == 2)
        var limiter = ResponseRateLimiter(clock: ManualClock())
        let decisions = (0..<2000).map { _ in limiter.decide(for: client) }
        #expect(decisions.allSatisfy { $0 == .send })
        #expect(limiter.decide(for: client) != .send)
    }

    @Test func overTheLimitDropsAndSlipsEverySecond() {
        let clock = ManualClock()
        var limiter = ResponseRateLimiter(settings: .init(responsesPerSecond: 2, burst: 3), clock: clock)
        let decisions = (0..<7).map { _ in limiter.decide(for: client) }
        #expect(decisions == [.send, .send, .send, .drop, .slip, .drop, .slip])
        clock.advance(0.5)
        #expect(limiter.decide(for: client) == .send)
        #expect(limiter.decide(for: client) == .drop)
        clock.advance(10)
        #expect((0..<3).map { _ in limiter.decide(for: client) } == [.send, .send, .send])
    }

    @Test func prefixesShareABucket() throws {
        var limiter = ResponseRateLimiter(
            settings: .init(responsesPerSecond: 1, burst: 1, slip: 0), clock: ManualClock())
        #expect(limiter.decide(for: .v4(try #require(IPv4Address("198.51.100.1")))) == .send)
        #expect(limiter.decide(for: .v4(try #require(IPv4Address("198.51.100.200")))) == .drop)
        #expect(limiter.decide(for: .v4(try #require(IPv4Address("198.51.101.1")))) == .send)
        #expect(limiter.decide(for: .v6(try #require(IPv6Address("2001:db8:0:ff::1")))) == .send)
        #expect(limiter.decide(for: .v6(try #require(IPv6Address("2001:db8:0:12::2")))) == .drop)
        #expect(limiter.decide(for: .v6(try #require(IPv6Address("2001:db8:0:100::1")))) == .send)
    }

    @Test func disabledAlwaysSends() {
        var limiter = ResponseRateLimiter(settings: .init(enabled: false, burst: 1), clock: ManualClock())
        #expect((0..<10).allSatisfy { _ in limiter.decide(for: client) == .send })
    }

    @Test func trackedPrefixesStayBounded() {
        let clock = ManualClock()
        var limiter = ResponseRateLimiter(settings: .init(maximumPrefixes: 100), clock: clock)
        for index in 0..<1000 {
            _ = limiter.decide(for: .v4(IPv4Address(UInt32(index) << 8)))
            clock.advance(0.001)
        }
        #expect(limiter.trackedPrefixes <= 100)
        #expect(limiter.trackedPrefixes > 0)
    }
}
