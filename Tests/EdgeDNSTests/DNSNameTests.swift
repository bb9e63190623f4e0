import Testing

@testable import EdgeDNS

@Suite struct DNSNameTests {
    @Test func relativeNamesTakeTheOrigin() throws {
        let origin = try DNSName("Example.COM.")
        let name = try DNSName("www", origin: origin)
        #expect(name.description == "www.Example.COM.")
        #expect(try DNSName("@", origin: origin) == origin)
        #expect(try DNSName("a.b.", origin: origin).description == "a.b.")
        #expect(DNSName.root.description == ".")
        #expect(try DNSName(".").isRoot)
    }

    @Test func comparisonIgnoresCaseButKeepsIt() throws {
        let upper = try DNSName("WWW.Example.com.")
        let lower = try DNSName("www.example.COM.")
        #expect(upper == lower)
        #expect(upper.hashValue == lower.hashValue)
        #expect(!upper.isIdentical(to: lower))
        #expect(upper.description == "WWW.Example.com.")
        #expect(Set([upper, lower]).count == 1)
    }

    @Test func subdomains() throws {
        let zone = try DNSName("example.com.")
        #expect(try DNSName("a.b.EXAMPLE.com.").isSubdomain(of: zone))
        #expect(zone.isSubdomain(of: zone))
        #expect(zone.isSubdomain(of: .root))
        #expect(!(try DNSName("badexample.com.").isSubdomain(of: zone)))
        #expect(!(try DNSName("com.").isSubdomain(of: zone)))
    }

    @Test func escapesParseAndPrint() throws {
        let name = try DNSName("a\\.b.c\\032d.\\065.")
        #expect(name.labels == [Array("a.b".utf8), Array("c d".utf8), [65]])
        #expect(name.description == "a\\.b.c\\032d.A.")
        #expect(try DNSName(name.description) == name)
        #expect(try DNSName("semi\\;colon.").description == "semi\\;colon.")
    }

    @Test func limitsAreEnforced() throws {
        let label63 = String(repeating: "a", count: 63)
        #expect(try DNSName("\(label63).").wireLength == 65)
        #expect(throws: DNSTextError(.labelTooLong, "label longer than 63 bytes in '\(label63)a.'")) {
            try DNSName("\(label63)a.")
        }
        let long = Array(repeating: label63, count: 4).joined(separator: ".") + "."
        #expect(throws: DNSTextError.self) { try DNSName(long) }
        let fits =
            Array(repeating: label63, count: 3).joined(separator: ".") + "." + String(repeating: "b", count: 61) + "."
        #expect(try DNSName(fits).wireLength == 255)
        #expect(throws: DNSTextError.self) { try DNSName("a..b.") }
        #expect(throws: DNSTextError.self) { try DNSName("relative") }
        #expect(throws: DNSTextError.self) { try DNSName("bad\\256.") }
        #expect(throws: DNSTextError.self) { try DNSName("bad\\2.") }
    }

    @Test func ttlUnits() throws {
        #expect(try DNSTTL.parse("3600") == 3600)
        #expect(try DNSTTL.parse("1h30m") == 5400)
        #expect(try DNSTTL.parse("2d") == 172_800)
        #expect(try DNSTTL.parse("1W2D3H4M5S") == 788_645)
        #expect(try DNSTTL.parse("2147483647") == DNSTTL.maximum)
        #expect(throws: DNSTextError.self) { try DNSTTL.parse("2147483648") }
        #expect(throws: DNSTextError.self) { try DNSTTL.parse("1x") }
        #expect(throws: DNSTextError.self) { try DNSTTL.parse("h") }
        #expect(throws: DNSTextError.self) { try DNSTTL.parse("10000w") }
    }

    @Test func typesAndClasses() {
        #expect(RecordType(mnemonic: "aaaa") == .aaaa)
        #expect(RecordType(mnemonic: "TYPE65") == .https)
        #expect(RecordType(mnemonic: "TYPE999")?.description == "TYPE999")
        #expect(RecordType(mnemonic: "TYPE") == nil)
        #expect(RecordType(mnemonic: "BOGUS") == nil)
        #expect(RecordClass(mnemonic: "in") == .in)
        #expect(RecordClass(mnemonic: "CHAOS") == .ch)
        #expect(RecordClass(mnemonic: "CLASS7")?.description == "CLASS7")
    }

    @Test func addresses() {
        #expect(IPv4Address("192.0.2.1")?.bytes == [192, 0, 2, 1])
        #expect(IPv4Address("256.0.0.1") == nil)
        #expect(IPv4Address("1.2.3") == nil)
        #expect(IPv6Address("2001:DB8::1")?.description == "2001:db8::1")
        #expect(IPv6Address("::")?.description == "::")
        #expect(IPv6Address("1:0:0:2:0:0:0:3")?.description == "1:0:0:2::3")
        #expect(IPv6Address("::ffff:192.0.2.1")?.bytes.suffix(6) == [0xFF, 0xFF, 192, 0, 2, 1])
        #expect(IPv6Address("1::2::3") == nil)
        #expect(IPv6Address("1:2:3:4:5:6:7:8:9") == nil)
        #expect(IPv6Address("12345::") == nil)
    }
}
