import Testing

@testable import EdgeDNS

/// The record types beyond the RFC 1035 set that BIND loads: presentation → wire → presentation round
/// trips, typed values, and malformed data.
@Suite struct MoreRecordTypesTests {
    static let origin = try! DNSName("example.test.")
    static let key =
        "AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjFFVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh/RStIoO8g0Nf"
        + "nfL2MTJRkxoXbfDaUeVPQuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaDX6RS6CXpoY68LsvPVjR0ZSwzz1apAzvN"
        + "9dlzEheX7ICJBBtuA6G3LQpzW5hOA2hzCTMjJPJ8LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relSQageu+ipAdTTJ25AsRTA"
        + "oub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulqQxA+Uk1ihz0="

    /// Type, presentation text as written in a zone, and how edge prints it.
    static let samples: [(RecordType, String, String)] = [
        (.hinfo, "\"PC-Intel-700mhz\" \"Linux 2.4\"", "\"PC-Intel-700mhz\" \"Linux 2.4\""),
        (.hinfo, "INTEL-386 Unix", "\"INTEL-386\" \"Unix\""),
        (.rp, "louie.trantor.umd.edu. LAM1.people", "louie.trantor.umd.edu. LAM1.people.example.test."),
        (.rp, "root .", "root.example.test. ."),
        (.afsdb, "1 afs1", "1 afs1.example.test."),
        (.kx, "10 kx1.example.net.", "10 kx1.example.net."),
        (.dname, "example.net.", "example.net."),
        (.dname, "other", "other.example.test."),
        (.spf, "\"v=spf1 -all\" more", "\"v=spf1 -all\" \"more\""),
        (
            .sshfp, "1 1 12345678 90abcdef1234567890abcdef12345678",
            "1 1 1234567890ABCDEF1234567890ABCDEF12345678"
        ),
        (
            .tlsa, "3 1 1 ( 0C72AC70B745AC19998811B131D662C9\n AC69DBDBE7CB23E5B514B56664C5D3D6 )",
            "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6"
        ),
        (.smimea, "3 0 0 308201aa", "3 0 0 308201AA"),
        (.cert, "PGP 0 0 AQIDBAUGBwgJ", "PGP 0 0 AQIDBAUGBwgJ"),
        (.cert, "1 12345 RSASHA256 AQID BAUG", "PKIX 12345 RSASHA256 AQIDBAUG"),
        (.cert, "999 1 200 AQID", "999 1 200 AQID"),
        (.dnskey, "257 3 8 ( \(key.prefix(60))\n \(key.dropFirst(60)) )", "257 3 8 \(key)"),
        (.dnskey, "256 3 ECDSAP256SHA256 AQID", "256 3 13 AQID"),
        (.cdnskey, "257 3 8 \(key)", "257 3 8 \(key)"),
        (.cdnskey, "0 3 0 AA==", "0 3 0 AA=="),
        (
            .cds, "60485 RSASHA1 1 2BB183AF5F22588179A53B0A 98631FAD1A292118",
            "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"
        ),
        (.ds, "60485 ECDSAP256SHA256 2 abcd", "60485 13 2 ABCD"),
        (
            .rrsig,
            "A 5 3 86400 20030322173103 ( 20030220173103 2642 example.com.\n oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6o B9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o= )",
            "A 5 3 86400 20030322173103 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o="
        ),
        (.rrsig, "TYPE999 13 2 1h 0 4294967295 1 . AQID", "TYPE999 13 2 3600 19700101000000 21060207062815 1 . AQID"),
        (.nsec, "host.example.com. A MX RRSIG NSEC TYPE1234", "host.example.com. A MX RRSIG NSEC TYPE1234"),
        (.nsec, "next NSEC A CAA A", "next.example.test. A NSEC CAA"),
        (.nsec, "example.test.", "example.test."),
        (
            .nsec3, "1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG",
            "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM"
        ),
        (.nsec3, "1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S", "1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S"),
        (.nsec3param, "1 0 12 aabbccdd", "1 0 12 AABBCCDD"),
        (.nsec3param, "1 0 0 -", "1 0 0 -"),
        (.csync, "66 3 A NS AAAA", "66 3 A NS AAAA"),
        (.csync, "1 0", "1 0"),
        (
            .zonemd, "2018031900 1 1 ( FEBE3D4CE2EC2FFA4BA99D46CD69D6D2\n 9711E55217057BEE7EB1A7B641A47BA7 )",
            "2018031900 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7"
        ),
        (.loc, "42 21 54 N 71 06 18 W -24m 30m", "42 21 54.000 N 71 6 18.000 W -24.00m 30m 10000m 10m"),
        (
            .loc, "42 21 43.952 N 71 5 6.344 W -24m 1m 200m 10m",
            "42 21 43.952 N 71 5 6.344 W -24.00m 1m 200m 10m"
        ),
        (.loc, "52 14 05 N 00 08 50 E 10m", "52 14 5.000 N 0 8 50.000 E 10.00m 1m 10000m 10m"),
        (.loc, "0 S 0 E 0", "0 0 0.000 N 0 0 0.000 E 0.00m 1m 10000m 10m"),
        (.loc, "42 N 71 W 10 25m 0.5m 1.5m", "42 0 0.000 N 71 0 0.000 W 10.00m 20m 0.50m 1m"),
        (
            .loc, "90 S 180 E 42849672.95m 0.01m 0.1 0.09",
            "90 0 0.000 S 180 0 0.000 E 42849672.95m 0.01m 0.10m 0.09m"
        ),
        (
            .loc, "89 59 59.999 S 179 59 59.999 W -100000m 0 90000000m 9999",
            "89 59 59.999 S 179 59 59.999 W -100000.00m 0.00m 90000000m 9000m"
        ),
        (.loc, "42 21 5.05 N 71 06 18 W -0.5 12.34m", "42 21 5.050 N 71 6 18.000 W -0.50m 10m 10000m 10m"),
        (.uri, "10 1 \"http://www.example.com/path\"", "10 1 \"http://www.example.com/path\""),
        (.uri, "0 0 ftp://x", "0 0 \"ftp://x\""),
        (.openpgpkey, "AQID BAUG\nBwgJ", "AQIDBAUGBwgJ"),
        (
            .dhcid, "( AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA= )",
            "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="
        ),
        (.eui48, "00-00-5E-00-53-2a", "00-00-5e-00-53-2a"),
        (.eui64, "00-00-5e-ef-10-00-00-2a", "00-00-5e-ef-10-00-00-2a"),
        (
            .ipseckey, "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
            "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="
        ),
        (.ipseckey, "10 0 2 . AQNR", "10 0 2 . AQNR"),
        (.ipseckey, "10 3 2 gw AQNR", "10 3 2 gw.example.test. AQNR"),
        (.ipseckey, "10 2 2 2001:0DB8:0:8002::2000:1 AQNR", "10 2 2 2001:db8:0:8002::2000:1 AQNR"),
        (.ipseckey, "10 1 0 192.0.2.1", "10 1 0 192.0.2.1"),
    ]

    @Test(arguments: samples.indices)
    func parsesPrintsAndRoundTrips(index: Int) throws {
        let (type, text, printed) = Self.samples[index]
        let data = try RData(parsing: text, type: type, origin: Self.origin)
        #expect(data.type == type)
        #expect(data.presentation == printed)
        #expect(try RData(parsing: data.presentation, type: type) == data)
        let wire = data.wireBytes
        let decoded = try RData(wire: wire, type: type)
        #expect(decoded == data)
        #expect(decoded.presentation == printed)
        #expect(try RData(parsing: "\\# \(wire.count) \(PresentationText.hex(wire))", type: type) == data)
        let record = ResourceRecord(owner: Self.origin, ttl: 60, data: data)
        let zone = try ZoneFileParser.parse(text: record.description, file: "z", origin: Self.origin)
        #expect(zone.records == [record])
    }

    @Test func typedValuesAreRight() throws {
        #expect(
            try RData(parsing: "1 1 abcd", type: .sshfp)
                == .sshfp(SSHFPData(algorithm: 1, fingerprintType: 1, fingerprint: [0xAB, 0xCD])))
        #expect(
            try RData(parsing: "3 1 1 00ff", type: .tlsa)
                == .tlsa(TLSAData(usage: 3, selector: 1, matchingType: 1, data: [0, 255])))
        #expect(
            try RData(parsing: "x y", type: .hinfo) == .hinfo(cpu: Array("x".utf8), os: Array("y".utf8)))
        #expect(try RData(parsing: "target.", type: .dname) == .dname(try DNSName("target.")))
        guard case .dnskey(let key) = try RData(parsing: "257 3 8 \(Self.key)", type: .dnskey) else {
            Issue.record("not DNSKEY")
            return
        }
        // The root zone's KSK-2010; key tags as `dnssec-dsfromkey` computes them.
        #expect(key.flags == 257 && key.protocol == 3 && key.algorithm == 8)
        #expect(key.keyTag == 19036)
        let rsasha1 =
            "AQOeiiR0GOMYkDshWoSKz9Xzfwjr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvx"
            + "egXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw=="
        guard case .dnskey(let zsk) = try RData(parsing: "256 3 5 \(rsasha1)", type: .dnskey) else {
            Issue.record("not DNSKEY")
            return
        }
        #expect(zsk.keyTag == 27724)
        guard
            case .rrsig(let signature) = try RData(
                parsing: "A 5 3 86400 20030322173103 20030220173103 2642 . AA==", type: .rrsig)
        else {
            Issue.record("not RRSIG")
            return
        }
        #expect(signature.expiration == 1_048_354_263 && signature.inception == 1_045_762_263)
        guard case .loc(let loc) = try RData(parsing: "42 21 54 N 71 06 18 W -24m 30m", type: .loc) else {
            Issue.record("not LOC")
            return
        }
        #expect(loc.size == 0x33 && loc.horizontalPrecision == 0x16 && loc.verticalPrecision == 0x13)
        #expect(loc.latitude == (1 << 31) + 152_514_000 && loc.longitude == (1 << 31) - 255_978_000)
        #expect(loc.altitude == 9_997_600)
        #expect(LOCData.precision(centimetres: 0) == 0 && LOCData.precision(centimetres: 9_000_000_000) == 0x99)
        guard case .nsec(let nsec) = try RData(parsing: "a. TYPE65535 A TYPE256", type: .nsec) else {
            Issue.record("not NSEC")
            return
        }
        #expect(nsec.types.map(\.rawValue) == [1, 256, 65535])
        var expected: [UInt8] = [1, 97, 0, 0, 1, 0x40, 1, 1, 0x80, 255, 32]
        expected += Self.zeros(31)
        expected.append(1)
        #expect(RData.nsec(nsec).wireBytes == expected)
    }

    @Test func typeBitmapsUseWindows() throws {
        let data = RData.nsec(NSECData(nextName: .root, types: [.a, .mx, .rrsig, .nsec, RecordType(rawValue: 1234)]))
        // RFC 4034 §4.3 style: window 0 (A, MX, RRSIG, NSEC), window 4 (type 1234 = 4*256 + 210).
        var expected: [UInt8] = [0, 0, 6, 0x40, 0x01, 0, 0, 0, 0x03, 4, 27]
        expected += Self.zeros(26)
        expected.append(0x20)
        #expect(data.wireBytes == expected)
    }

    @Test func base32hexRoundTrips() throws {
        for count in 0...12 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let text = PresentationText.base32hex(bytes)
            #expect(try PresentationText.unbase32hex(Array(text.utf8)) == bytes)
        }
        #expect(PresentationText.base32hex(Array("foobar".utf8)) == "CPNMUOJ1E8")
        #expect(throws: DNSTextError.self) { try PresentationText.unbase32hex(Array("CPNMUOJ1E9".utf8)) }
        #expect(throws: DNSTextError.self) { try PresentationText.unbase32hex(Array("W0".utf8)) }
    }

    @Test func signatureTimesAreUTCDates() throws {
        #expect(try DNSSECTime.parse(Array("19700101000000".utf8), what: "t") == 0)
        #expect(try DNSSECTime.parse(Array("20240229235959".utf8), what: "t") == 1_709_251_199)
        #expect(try DNSSECTime.parse(Array("21060207062816".utf8), what: "t") == 0)
        #expect(try DNSSECTime.parse(Array("1234".utf8), what: "t") == 1234)
        #expect(DNSSECTime.text(1_709_251_199) == "20240229235959")
        #expect(DNSSECTime.text(.max) == "21060207062815")
        #expect(throws: DNSTextError.self) { try DNSSECTime.parse(Array("20230229000000".utf8), what: "t") }
        #expect(throws: DNSTextError.self) { try DNSSECTime.parse(Array("19691231235959".utf8), what: "t") }
    }

    static let bad: [(RecordType, String, DNSTextError.Kind)] = [
        (.hinfo, "one", .missingField),
        (.hinfo, "a b c", .extraField),
        (.rp, "a..b. .", .badName),
        (.dname, "", .missingField),
        (.sshfp, "1 1", .missingField),
        (.sshfp, "1 1 abc", .badEncoding),
        (.sshfp, "256 1 ab", .badNumber),
        (.tlsa, "3 1 1 xyz0", .badEncoding),
        (.cert, "BOGUS 0 0 AQID", .badNumber),
        (.cert, "PGP 0 NOALG AQID", .badNumber),
        (.dnskey, "257 3 8 !!!!", .badEncoding),
        (.dnskey, "257 3 8", .missingField),
        (.rrsig, "BOGUS 5 3 86400 20030322173103 20030220173103 2642 . AA==", .badType),
        (.rrsig, "A 5 3 86400 20031322173103 20030220173103 2642 . AA==", .badNumber),
        (.rrsig, "A 5 3 86400 20030322173103 20030220173103 2642 .", .missingField),
        (.nsec, "next. A BOGUS", .badType),
        (.nsec3, "1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22boj! A", .badEncoding),
        (.nsec3, "1 1 12 aab 2t7b4g4vsa5smi47k61mv5bv1a22bojr A", .badEncoding),
        (.nsec3param, "1 0 12", .missingField),
        (.nsec3param, "1 0 65536 -", .badNumber),
        (.zonemd, "1 1 1 abcdef", .badRData),
        (.loc, "91 N 0 E 0", .badNumber),
        (.loc, "42 60 N 0 E 0", .badNumber),
        (.loc, "90 30 N 0 E 0", .badNumber),
        (.loc, "42 N 181 E 0", .badNumber),
        (.loc, "42 30 60 N 0 E 0", .badNumber),
        (.loc, "42 30 30.1234 N 0 E 1", .badNumber),
        (.loc, "42 30 30.5 E 0 E 1", .badRData),
        (.loc, "42 N 0 N 1", .badRData),
        (.loc, "42 N 0 E 42849673m", .badNumber),
        (.loc, "42 N 0 E -100000.01", .badNumber),
        (.loc, "42 N 0 E 0 90000001m", .badNumber),
        (.loc, "42 N 0 E 1.234", .badNumber),
        (.loc, "42 N 0 E 1mm", .badNumber),
        (.loc, "42 N 0 E -1 -1", .badNumber),
        (.loc, "42 N 0 E 0 1m 1m 1m 1m", .extraField),
        (.loc, "42 N 0 E", .missingField),
        (.uri, "1 1 \"\"", .badRData),
        (.uri, "1 1", .missingField),
        (.eui48, "00-00-5e-00-53", .badAddress),
        (.eui48, "00:00:5e:00:53:2a", .badAddress),
        (.eui64, "00-00-5e-00-53-2a-00-0g", .badAddress),
        (.ipseckey, "10 1 2 . AQID", .badAddress),
        (.ipseckey, "10 0 2 gw. AQID", .badRData),
        (.ipseckey, "10 4 2 . AQID", .badRData),
        (.ipseckey, "10 2 2 192.0.2.1 AQID", .badAddress),
        (.openpgpkey, "", .missingField),
        (.cds, "1 2 3", .missingField),
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

    static func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }

    static let malformed: [(RecordType, [UInt8])] = [
        (.sshfp, [1, 1]),
        (.tlsa, [3, 1, 1]),
        (.dnskey, [1, 1, 3, 8]),
        (.ds, [0, 1, 5, 1]),
        (.cds, [0, 1, 5]),
        (.uri, [0, 1, 0, 1]),
        (.eui48, [1, 2, 3, 4, 5]),
        (.eui64, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (.hinfo, [1, 65]),
        (.loc, [1, 0x12, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0, 0]),
        (.loc, [0, 0xA0, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0, 0]),
        (.loc, [0, 0x05, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0, 0]),
        (.loc, [0, 0x12, 0x16, 0x13, 0, 0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0, 0]),
        (.loc, [0, 0x12, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0]),
        (.nsec, [0, 0, 0]),
        (.nsec, [0, 0, 1, 0]),
        (.nsec, Self.zeros(2) + [33] + Self.zeros(33)),
        (.nsec, [0, 1, 1, 0x40, 0, 1, 0x40]),
        (.nsec, [0, 1, 1, 0x40, 1, 1]),
        (.nsec3, [1, 0, 0, 0, 0, 0]),
        (.nsec3, [1, 0, 0, 0, 0, 1]),
        (.nsec3param, [1, 0, 0, 0, 2, 1]),
        (.csync, [0, 0, 0, 1, 0]),
        (.zonemd, [0, 0, 0, 1, 1, 1, 1, 2, 3]),
        (.ipseckey, [10, 4, 2]),
        (.ipseckey, [10, 1, 2, 192, 0, 2]),
        (.rrsig, [0, 1, 5, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 0]),
        (.cert, [0, 1, 0, 0, 0]),
        (.openpgpkey, []),
        (.dhcid, []),
    ]

    @Test(arguments: malformed.indices)
    func wireDecodingRejectsMalformedData(index: Int) {
        let (type, bytes) = Self.malformed[index]
        #expect(throws: DNSWireError.self) { try RData(wire: bytes, type: type) }
    }

    @Test func metaTypesCannotBeInZones() {
        for type in ["TSIG", "TKEY", "IXFR", "AXFR", "ANY", "OPT"] {
            #expect {
                _ = try ZoneFileParser.parse(text: "$TTL 1\na \(type) \\# 0\n", file: "z", origin: Self.origin)
            } throws: { error in
                (error as? ZoneFileErrors)?.problems.map(\.kind) == [.badType]
            }
        }
    }

    @Test func errorsInNewTypesNameTheLine() {
        let text = """
            $TTL 300
            @ SOA ns1 host 1 2 3 4 5
            ok SSHFP 1 1 ( 12345678
                90abcdef )
            bad SSHFP 1 1 ( 12345678
                90abcdeg )
            loc LOC 42 N 71 W 10m
            loc LOC 91 N 71 W 10m
            key DNSKEY 257 3 8 (
                AwEAAQ== )
            key DNSKEY 257 3 8 (
                not-base64 )
            """
        do {
            _ = try ZoneFileParser.parse(text: text, file: "z.zone", origin: Self.origin)
            Issue.record("parsed")
        } catch {
            #expect(error.problems.map(\.line) == [5, 8, 11])
            #expect(error.problems.allSatisfy { $0.kind == .badRData })
            #expect(error.problems.first?.description.hasPrefix("z.zone:5: bad SSHFP data: bad hex digit") == true)
            #expect(error.problems[1].description == "z.zone:8: bad LOC data: latitude degrees 91 is above 90")
        }
    }
}
