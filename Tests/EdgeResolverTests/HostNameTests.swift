import EdgeDNS
import EdgeResolver
import Testing

@Suite struct HostNameTests {
    @Test func normalizesCaseAndTrailingDot() throws {
        let name = try HostName("API.Example.COM.")
        #expect(name.key == "api.example.com" && name.text == "API.Example.COM.")
        #expect(name.dnsName == (try DNSName("api.example.com.")))
        #expect(HostName.normalize("Example.Test") == HostName.normalize("example.test."))
    }

    @Test(arguments: [
        "", ".", "bad name", "a..b", "back\\slash", "has:colon", String(repeating: "a", count: 64) + ".test",
    ])
    func rejectsInvalidNames(_ text: String) {
        #expect(throws: ResolverError.invalidName(text)) { try HostName(text) }
    }

    @Test func literalsNeverExpire() throws {
        let v4 = try #require(ResolvedHost(literal: "192.0.2.1"))
        #expect(v4.ipv4 == [IPv4Address("192.0.2.1")!] && v4.ipv6.isEmpty)
        #expect(v4.expires == .infinity && v4.source == .literal)
        #expect(ResolvedHost(literal: "[2001:db8::1]")?.ipv6 == [IPv6Address("2001:db8::1")!])
        #expect(ResolvedHost(literal: "2001:db8::1")?.ipv6 == [IPv6Address("2001:db8::1")!])
        #expect(ResolvedHost(literal: "example.test") == nil)
        #expect(ResolvedHost(literal: "[192.0.2.1]") == nil)
        #expect(ResolvedHost(literal: "192.0.2.256") == nil)
    }

    @Test func errorsHaveStableShortDescriptions() {
        #expect(ResolverError.noSuchHost("x").shortDescription == "no_such_host")
        #expect(ResolverError.timedOut("x", []).isRetryable)
        #expect(!ResolverError.noAddresses("x").isRetryable)
        #expect(ResolverError.serverFailure("x", .refused).description == "x: the nameserver answered REFUSED")
    }
}
