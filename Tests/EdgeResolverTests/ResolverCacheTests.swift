import EdgeDNS
import EdgeResolver
import Testing

private let v4 = IPv4Address("192.0.2.1")!
private let v6 = IPv6Address("2001:db8::1")!

@Suite struct ResolverCacheTests {
    let clock = ManualClock()

    @Test func positiveAnswersLiveForTheSmallestTTLOfBothFamilies() throws {
        var cache = ResolverCache()
        let now = clock.now()
        let result = cache.record(
            host: "Host.Example.Test", ipv4: .success(.addresses(ipv4: [v4], ipv6: [], ttl: 120)),
            ipv6: .success(.addresses(ipv4: [], ipv6: [v6], ttl: 60)), now: now)
        let host = try result.get()
        #expect(host == ResolvedHost(ipv4: [v4], ipv6: [v6], expires: now + 60, source: .nameserver))
        clock.advance(59.9)
        #expect(try cache.lookup("host.example.test.", now: clock.now())?.get() == host)
        #expect(try cache.lookup("HOST.EXAMPLE.TEST", now: clock.now())?.get() == host)
        clock.advance(0.1)
        #expect(cache.lookup("host.example.test", now: clock.now()) == nil)
        #expect(cache.count == 0)
    }

    @Test func positiveTTLsAreClamped() throws {
        var cache = ResolverCache(limits: .init(minimumTTL: 5, maximumTTL: 100))
        let now = clock.now()
        let short = cache.record(
            host: "a", ipv4: .success(.addresses(ipv4: [v4], ipv6: [], ttl: 0)),
            ipv6: .success(.noData(negativeTTL: 0)),
            now: now)
        #expect(try short.get().expires == now + 5)
        let long = cache.record(
            host: "b", ipv4: .success(.addresses(ipv4: [v4], ipv6: [], ttl: 86400)),
            ipv6: .success(.noData(negativeTTL: 60)), now: now)
        #expect(try long.get().expires == now + 100)
        #expect(cache.lookup("a", now: now + 4.9) != nil && cache.lookup("b", now: now + 99) != nil)
    }

    @Test func oneFamilyIsEnoughEvenIfTheOtherFailed() throws {
        var cache = ResolverCache()
        let result = cache.record(
            host: "a", ipv4: .success(.addresses(ipv4: [v4], ipv6: [], ttl: 30)),
            ipv6: .failure(.timedOut("a", [])), now: clock.now())
        #expect(try result.get().ipv4 == [v4])
    }

    @Test func nxdomainIsCachedForTheSOANegativeTTLClamped() {
        var cache = ResolverCache(limits: .init(maximumNegativeTTL: 300))
        let now = clock.now()
        let result = cache.record(
            host: "Nope.test", ipv4: .success(.nameError(negativeTTL: 60)), ipv6: .success(.nameError(negativeTTL: 90)),
            now: now)
        #expect(result == .failure(.noSuchHost("Nope.test")))
        #expect(cache.lookup("nope.test", now: now + 59) == .failure(.noSuchHost("Nope.test")))
        #expect(cache.lookup("nope.test", now: now + 60) == nil)
        _ = cache.record(
            host: "long", ipv4: .success(.nameError(negativeTTL: 86400)),
            ipv6: .success(.nameError(negativeTTL: 86400)),
            now: now)
        #expect(cache.lookup("long", now: now + 299) != nil && cache.lookup("long", now: now + 300) == nil)
    }

    @Test func noDataForBothFamiliesIsNoAddresses() {
        var cache = ResolverCache()
        let now = clock.now()
        let result = cache.record(
            host: "empty", ipv4: .success(.noData(negativeTTL: 30)), ipv6: .success(.noData(negativeTTL: 20)), now: now)
        #expect(result == .failure(.noAddresses("empty")))
        #expect(cache.lookup("empty", now: now + 19) != nil && cache.lookup("empty", now: now + 20) == nil)
    }

    @Test func negativeAnswersWithoutSOAAreNotCached() {
        var cache = ResolverCache()
        let result = cache.record(
            host: "x", ipv4: .success(.nameError(negativeTTL: nil)), ipv6: .success(.nameError(negativeTTL: nil)),
            now: clock.now())
        #expect(result == .failure(.noSuchHost("x")))
        #expect(cache.lookup("x", now: clock.now()) == nil)
    }

    @Test func nxdomainOutweighsAFailureButNoDataDoesNot() {
        var cache = ResolverCache()
        let now = clock.now()
        let nx = cache.record(
            host: "a", ipv4: .success(.nameError(negativeTTL: 60)), ipv6: .failure(.timedOut("a", [])), now: now)
        #expect(nx == .failure(.noSuchHost("a")))
        let failed = cache.record(
            host: "b", ipv4: .success(.noData(negativeTTL: 60)), ipv6: .failure(.serverFailure("b", .refused)), now: now
        )
        #expect(failed == .failure(.serverFailure("b", .refused)))
        #expect(cache.lookup("b", now: now) == nil)
    }

    @Test func failuresAreNotCached() {
        var cache = ResolverCache()
        let result = cache.record(
            host: "a", ipv4: .failure(.timedOut("a", [])), ipv6: .success(.failure(.serverFailure)), now: clock.now())
        #expect(result == .failure(.timedOut("a", [])))
        #expect(cache.lookup("a", now: clock.now()) == nil && cache.count == 0)
    }

    @Test func fullCacheDropsExpiredThenSoonestExpiring() {
        var cache = ResolverCache(limits: .init(capacity: 10))
        let now = clock.now()
        for index in 0..<10 {
            let host = ResolvedHost(ipv4: [v4], expires: now + Double(index + 1) * 10, source: .nameserver)
            cache.store(.success(host), for: "h\(index)", expires: host.expires, now: now)
        }
        #expect(cache.count == 10)
        cache.store(.failure(.noSuchHost("new")), for: "new", expires: now + 1000, now: now)
        #expect(cache.count == 10)
        #expect(cache.lookup("h0", now: now) == nil)
        #expect(cache.lookup("h1", now: now) != nil && cache.lookup("new", now: now) != nil)
        cache.store(.failure(.noSuchHost("later")), for: "later", expires: now + 1000, now: now + 35)
        #expect(cache.count == 9)
        #expect(cache.lookup("h2", now: now) == nil && cache.lookup("h3", now: now) != nil)
        cache.removeAll()
        #expect(cache.count == 0)
    }
}
