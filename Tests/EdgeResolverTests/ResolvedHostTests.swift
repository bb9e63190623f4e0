import EdgeDNS
import EdgeResolver
import Testing

@Suite struct ResolvedHostTests {
    @Test func emptyOnlyWithoutAnyAddress() {
        #expect(ResolvedHost(ipv4: [], expires: 0, source: .nameserver).isEmpty)
        let v4 = ResolvedHost(ipv4: [IPv4Address("192.0.2.1")!], expires: 0, source: .nameserver)
        #expect(!v4.isEmpty)
        let v6 = ResolvedHost(ipv4: [], ipv6: [IPv6Address("2001:db8::1")!], expires: 0, source: .hostsFile)
        #expect(!v6.isEmpty)
    }
}
