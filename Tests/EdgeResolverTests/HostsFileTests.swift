import EdgeDNS
import EdgeResolver
import Testing

@Suite struct HostsFileTests {
    let hosts = HostsFile(
        parsing: """
            # The following lines are desirable for IPv4 capable hosts
            127.0.0.1       localhost
            127.0.1.1\tbuild.Example.Test build   # trailing comment
            ::1             localhost ip6-localhost ip6-loopback
            fe80::1%lo0     scoped
            2001:db8::5     Origin.Example.Test.
            192.0.2.5       origin.example.test
            192.0.2.5       ORIGIN.example.test
            not-an-address  broken
            192.0.2.6
            """)

    @Test func mapsNamesToBothFamilies() {
        #expect(
            hosts.lookup("localhost") == HostsFile.Entry(ipv4: [IPv4Address("127.0.0.1")!], ipv6: [IPv6Address("::1")!])
        )
        #expect(hosts.lookup("ip6-loopback")?.ipv6 == [IPv6Address("::1")!])
        #expect(hosts.lookup("build")?.ipv4 == [IPv4Address("127.0.1.1")!])
    }

    @Test func namesMatchCaseAndTrailingDotInsensitively() {
        let entry = hosts.lookup("origin.EXAMPLE.test.")
        #expect(entry?.ipv4 == [IPv4Address("192.0.2.5")!])
        #expect(entry?.ipv6 == [IPv6Address("2001:db8::5")!])
        #expect(hosts.lookup("BUILD.example.test") != nil)
    }

    @Test func skipsMalformedAndScopedLines() {
        #expect(hosts.lookup("broken") == nil)
        #expect(hosts.lookup("scoped") == nil)
        #expect(hosts.lookup("comment") == nil && hosts.lookup("#") == nil)
        #expect(hosts.lookup("nothere") == nil)
    }

    @Test func emptyFileHasNoEntries() {
        #expect(HostsFile.empty.entries.isEmpty)
        #expect(HostsFile(parsing: "# only a comment\n\n").entries.isEmpty)
    }
}
