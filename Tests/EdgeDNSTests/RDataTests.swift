import Testing

@testable import EdgeDNS

@Suite struct RDataTests {
    static let origin = try! DNSName("example.test.")

    /// Presentation text for every typed record type, and what it prints as.
    static let samples: [(RecordType, String, String)] = [
        (.a, "192.0.2.1", "192.0.2.1"),
        (.aaaa, "2001:db8:0:0:0:0:0:1", "2001:db8::1"),
        (.cname, "www", "www.example.test."),
        (.ns, "ns1.example.net.", "ns1.example.net."),
        (.ptr, "host.example.test.", "host.example.test."),
        (.mx, "10 mail", "10 mail.example.test."),
        (
            .txt, "\"hello world\" plain \"q\\\"uote\\\\\" \"\\200\"",
            "\"hello world\" \"plain\" \"q\\\"uote\\\\\" \"\\200\""
        ),
        (
            .soa, "ns1 hostmaster 2024010101 1h 15m 1w 300",
            "ns1.example.test. hostmaster.example.test. 2024010101 3600 900 604800 300"
        ),
        (.srv, "0 5 5060 sip", "0 5 5060 sip.example.test."),
        (.caa, "0 issue \"letsencrypt.org\"", "0 issue \"letsencrypt.org\""),
        (
            .naptr, "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.test!\" .",
            "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.test!\" ."
        ),
        (
            .ds, "60485 5 1 2BB183AF5F22588179A53B0A 98631FAD1A292118",
            "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"
        ),
        (
            .svcb, "1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 key65000=\"x y\"",
            "1 . alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1,192.0.2.2 key65000=\"x y\""
        ),
        (
            .https, "1 svc mandatory=alpn,ipv6hint alpn=\"h3\" no-default-alpn ech=AEX+/w== ipv6hint=2001:db8::1,::2",
            "1 svc.example.test. mandatory=alpn,ipv6hint alpn=\"h3\" no-default-alpn ech=AEX+/w== ipv6hint=2001:db8::1,::2"
        ),
        (.https, "0 cdn.example.net.", "0 cdn.example.net."),
        (RecordType(rawValue: 999), "\\# 3 abcdef", "\\# 3 abcdef"),
        (RecordType(rawValue: 998), "\\# 0", "\\# 0"),
    ]

    @Test(arguments: samples.indices)
    func parsesPrintsAndRoundTrips(index: Int) throws {
        let (type, text, printed) = Self.samples[index]
        let data = try RData(parsing: text, type: type, origin: Self.origin)
        #expect(data.type == type || data.type == nil)
        #expect(data.presentation == printed)
        #expect(try RData(parsing: data.presentation, type: type) == data)
        #expect(try RData(wire: data.wireBytes, type: type) == data)
        let generic = "\\# \(data.wireBytes.count) \(PresentationText.hex(data.wireBytes))"
        #expect(try RData(parsing: generic, type: type) == data)
    }

    @Test func typedValuesAreRight() throws {
        let mx = try RData(parsing: "10 mail", type: .mx, origin: Self.origin)
        #expect(mx == .mx(preference: 10, exchange: try DNSName("mail.example.test.")))
        let soa = try RData(parsing: "( ns1 ; primary\n hostmaster 1 2 3 4 5 )", type: .soa, origin: Self.origin)
        guard case .soa(let data) = soa else { Issue.record("not an SOA"); return }
        #expect(data.serial == 1 && data.minimum == 5)
        let https = try RData(parsing: "1 . port=443 alpn=h2", type: .https)
        guard case .https(let svcb) = https else { Issue.record("not HTTPS"); return }
        #expect(svcb.parameters == [.alpn([Array("h2".utf8)]), .port(443)])
        #expect(try RData(parsing: "\\# 4 C0000201", type: .a) == .a(IPv4Address("192.0.2.1")!))
    }

    @Test func longTextIsSplitInto255ByteStrings() throws {
        let long = String(repeating: "x", count: 600)
        let data = try RData(parsing: "\"\(long)\" \"\"", type: .txt)
        guard case .txt(let strings) = data else { Issue.record("not TXT"); return }
        #expect(strings.map(\.count) == [255, 255, 90, 0])
        #expect(try RData(wire: data.wireBytes, type: .txt) == data)
    }

    @Test func alpnValuesMayContainEscapedCommas() throws {
        let data = try RData(parsing: "1 . alpn=\"a\\,b,c\"", type: .svcb)
        #expect(data == .svcb(SVCBData(priority: 1, target: .root, parameters: [.alpn([Array("a,b".utf8), [99]])])))
        #expect(try RData(parsing: data.presentation, type: .svcb) == data)
    }

    static let bad: [(RecordType, String, DNSTextError.Kind)] = [
        (.a, "192.0.2", .badAddress),
        (.a, "", .missingField),
        (.a, "1.2.3.4 5", .extraField),
        (.aaaa, "2001:db8::g", .badAddress),
        (.mx, "65536 mail.", .badNumber),
        (.mx, "10", .missingField),
        (.cname, "a..b.", .badName),
        (.soa, "ns. host. 1 2 3 4", .missingField),
        (.soa, "ns. host. 1 2 3 4 5x", .badTTL),
        (.caa, "0 is-sue \"x\"", .badRData),
        (.naptr, "1 1 \"\(String(repeating: "f", count: 256))\" \"\" \"\" .", .badRData),
        (.ds, "1 2 3 abc", .badEncoding),
        (.svcb, "1 . port=1 port=2", .badRData),
        (.svcb, "1 . mandatory=port", .badRData),
        (.svcb, "1 . bogus=1", .badRData),
        (.svcb, "1 . ipv4hint=1.2.3", .badAddress),
        (.svcb, "1 . ech=***", .badEncoding),
        (.svcb, "1 . no-default-alpn=x", .badRData),
        (RecordType(rawValue: 999), "abc", .badRData),
        (RecordType(rawValue: 999), "\\# 2 abcdef", .badRData),
        (.a, "\\# 3 c00002", .badRData),
        (.txt, "\"abc\\", .badRData),
    ]

    @Test(arguments: bad.indices)
    func rejectsBadData(index: Int) {
        let (type, text, kind) = Self.bad[index]
        #expect {
            _ = try RData(parsing: text, type: type, origin: Self.origin)
        } throws: { error in
            (error as? DNSTextError)?.kind == kind
        }
    }

    @Test func wireDecodingRejectsMalformedData() {
        #expect(throws: DNSWireError.self) { try RData(wire: [1, 2, 3], type: .a) }
        #expect(throws: DNSWireError.self) { try RData(wire: [1, 2, 3, 4, 5], type: .a) }
        #expect(throws: DNSWireError.self) { try RData(wire: [], type: .txt) }
        #expect(throws: DNSWireError.self) { try RData(wire: [5, 1], type: .txt) }
        #expect(throws: DNSWireError.self) { try RData(wire: [0, 1, 0, 0, 3, 0, 1, 0], type: .svcb) }
        #expect(throws: DNSWireError.self) {
            try RData(wire: [0, 1, 0, 0, 3, 0, 2, 0, 1, 0, 1, 0, 2, 1, 2], type: .svcb)
        }
        #expect(throws: DNSWireError.self) { try RData(wire: [0, 0], type: .caa) }
    }
}
