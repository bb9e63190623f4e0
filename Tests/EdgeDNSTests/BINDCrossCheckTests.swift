import Foundation
import Testing

@testable import EdgeDNS

/// Cross-checks the record types against BIND: `named-checkzone -D` must load the zone as edge prints it
/// and dump it exactly as it dumps the original, and edge must read BIND's dump back to the same records.
/// Skipped when bind9-utils is not installed.
@Suite struct BINDCrossCheckTests {
    static let checkzone = ["/usr/bin/named-checkzone", "/usr/sbin/named-checkzone", "/usr/local/bin/named-checkzone"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let zone = """
        $ORIGIN example.test.
        $TTL 300
        @ IN SOA ns1 hostmaster 1 1h 15m 1w 60
        @ IN NS ns1
        ns1 IN A 192.0.2.1
        ns1 IN AAAA 2001:db8:0:0:0:0:0:1
        @ IN MX 10 mail.example.net.
        alias IN CNAME www.example.net.
        ptr IN PTR host.example.net.
        _sip._tcp IN SRV 0 5 5060 sip.example.net.
        @ IN CAA 0 issue "letsencrypt.org"
        naptr IN NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:info@example.test!" .
        sub IN NS ns.example.net.
        sub IN DS 60485 RSASHA1 1 2BB183AF5F22588179A53B0A 98631FAD1A292118
        svc IN SVCB 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 key65000="x y"
        @ IN HTTPS 1 svc mandatory=alpn,ipv6hint alpn="h3" no-default-alpn ech=AEX+/w== ipv6hint=2001:db8::1,::2
        txt IN TXT "hello world" plain "q\\"uote"
        opaque IN TYPE999 \\# 3 abcdef
        h IN HINFO "PC-Intel-700mhz" "Linux 2.4"
        h2 IN HINFO INTEL-386 Unix
        rp IN RP louie.trantor.umd.edu. LAM1.people
        afs IN AFSDB 1 afs1
        x IN SSHFP 1 1 12345678 90abcdef1234567890abcdef12345678
        x IN SSHFP 4 2 ( 0C72AC70B745AC19998811B131D662C9
                         AC69DBDBE7CB23E5B514B56664C5D3D6 )
        _443._tcp IN TLSA 3 1 1 ( 0C72AC70B745AC19998811B131D662C9
                         AC69DBDBE7CB23E5B514B56664C5D3D6 )
        sm IN SMIMEA 3 0 0 308201aa
        cert IN CERT PGP 0 0 AQIDBAUGBwgJ
        cert IN CERT 1 12345 8 AQIDBAUGBwgJ
        k IN DNSKEY 257 3 8 ( AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjF
            FVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh/RStIoO8g0NfnfL2MTJRkxoX bfDaUeVPQuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaD
            X6RS6CXpoY68LsvPVjR0ZSwzz1apAzvN9dlzEheX7ICJBBtuA6G3LQpz W5hOA2hzCTMjJPJ8LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relS
            Qageu+ipAdTTJ25AsRTAoub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulq QxA+Uk1ihz0= )
        k IN CDNSKEY 256 3 13 AQIDBAUGBwgJ
        k IN CDS 60485 5 1 2BB183AF5F22588179A53B0A 98631FAD1A292118
        k IN RRSIG A 5 3 86400 20300322173103 20030220173103 2642 example.com. (
            oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3t
            GNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o= )
        k IN NSEC host.example.com. A MX RRSIG NSEC TYPE1234
        2t7b4g4vsa5smi47k61mv5bv1a22bojr IN NSEC3 1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS
        2vptu5timamqttgl4luu9kg21e0aor3s IN NSEC3 1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG
        @ IN NSEC3PARAM 1 0 12 aabbccdd
        @ IN NSEC3PARAM 1 0 0 -
        loc IN LOC 42 21 54 N 71 06 18 W -24m 30m
        loc IN LOC 42 21 43.952 N 71 5 6.344 W -24m 1m 200m 10m
        loc IN LOC 52 14 05 N 00 08 50 E 10m
        loc IN LOC 0 S 0 E 0
        loc IN LOC 42 N 71 W 10 25m 0.5m 1.5m
        loc IN LOC 90 S 180 E 42849672.95m 0.01m 0.1 0.09
        loc IN LOC 89 59 59.999 S 179 59 59.999 W -100000m 0 90000000m 9999
        loc IN LOC 42 21 5.05 N 71 06 18 W -0.5 12.34m
        spf IN SPF "v=spf1 -all"
        spf IN TXT "v=spf1 -all"
        dn IN DNAME example.net.
        _http._tcp IN URI 10 1 "http://www.example.com/path"
        pgp IN OPENPGPKEY AQIDBAUGBwgJ
        @ IN ZONEMD 2018031900 1 1 ( FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B6
            41A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE )
        @ IN CSYNC 66 3 A NS AAAA
        eui IN EUI48 00-00-5e-00-53-2a
        eui IN EUI64 00-00-5e-ef-10-00-00-2a
        kx IN KX 10 kx1
        dh IN DHCID ( AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA= )
        ip IN IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
        ip IN IPSECKEY 10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
        ip IN IPSECKEY 10 3 2 mygateway.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
        ip IN IPSECKEY 10 2 2 2001:0DB8:0:8002::2000:1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==
        """

    /// Runs `named-checkzone -D` and returns its dump, or nil when BIND refuses the zone.
    func bindDump(_ text: String, checkzone: String) throws -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edge-bind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.zone")
        let output = directory.appendingPathComponent("out.zone")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: checkzone)
        process.arguments = ["-q", "-D", "-o", output.path, "example.test.", input.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return try String(contentsOf: output, encoding: .utf8)
    }

    @Test(.enabled(if: checkzone != nil, "named-checkzone (bind9-utils) is not installed"))
    func bindReadsWhatEdgePrints() throws {
        let checkzone = try #require(Self.checkzone)
        let origin = try DNSName("example.test.")
        let parsed = try ZoneFileParser.parse(text: Self.zone, file: "z", origin: origin)
        #expect(ZoneChecker.check(parsed).isEmpty)
        let printed = parsed.records.map(\.description).joined(separator: "\n") + "\n"
        let original = try #require(try bindDump(Self.zone, checkzone: checkzone), "BIND rejects the fixture")
        let reprinted = try #require(try bindDump(printed, checkzone: checkzone), "BIND rejects edge's output")
        #expect(original.contains("IN LOC") && original.contains("IN NSEC3PARAM"))
        #expect(reprinted == original)
        let dumped = try ZoneFileParser.parse(text: original, file: "dump", origin: origin)
        #expect(Set(dumped.records) == Set(parsed.records))
        #expect(dumped.records.count == parsed.records.count)
    }
}
