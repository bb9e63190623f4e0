import Testing

@testable import EdgeDNS

@Suite struct ZoneCheckerTests {
    static let head = """
        $TTL 300
        @ SOA ns1 host 1 2 3 4 5
        @ NS ns1
        ns1 A 192.0.2.53

        """

    func check(_ body: String, head: String = head) throws -> [ZoneProblem] {
        let zone = try ZoneFileParser.parse(text: head + body, file: "z", origin: DNSName("example.test."))
        return ZoneChecker.check(zone)
    }

    @Test func cleanZoneHasNoProblems() throws {
        #expect(try check("www A 192.0.2.1\nalias CNAME www\n").isEmpty)
    }

    @Test func cnameBesideOtherData() throws {
        let found = try check("www CNAME a\nwww A 192.0.2.1\n")
        #expect(found.map(\.kind) == [.cnameAndOtherData])
        #expect(found.first?.severity == .error)
        #expect(found.first?.location == ZoneLocation(file: "z", line: 6))
        #expect(found.first?.description == "z:6: CNAME and other data at www.example.test.")
    }

    @Test func twoCNAMEs() throws {
        #expect(try check("www CNAME a\nwww CNAME b\n").map(\.kind) == [.multipleCNAME])
    }

    @Test func missingSOAAndNS() throws {
        let found = try check("www A 192.0.2.1\n", head: "$TTL 1\n")
        #expect(Set(found.map(\.kind)) == [.missingSOA, .missingNS])
        #expect(found.allSatisfy { $0.severity == .error && $0.location == nil })
    }

    @Test func soaBelowTheApexAndASecondSOA() throws {
        #expect(try check("sub SOA ns1 host 1 2 3 4 5\n").map(\.kind) == [.soaNotAtApex])
        #expect(try check("@ SOA ns1 host 2 2 3 4 5\n").map(\.kind) == [.multipleSOA])
    }

    @Test func outOfZoneData() throws {
        let found = try check("other.test. A 192.0.2.1\n")
        #expect(found.map(\.kind) == [.outOfZone])
        #expect(found.first?.location?.line == 5)
    }

    @Test func duplicatesAreWarnings() throws {
        let found = try check("www A 192.0.2.1\nWWW 60 A 192.0.2.1\n")
        #expect(found.map(\.kind) == [.duplicateRecord])
        #expect(found.first?.severity == .warning)
    }

    @Test func targetsThatAreCNAMEs() throws {
        let found = try check("alias CNAME ns1\n@ MX 10 alias\n_s._tcp SRV 0 0 1 alias\nsub NS alias\n")
        #expect(found.map(\.kind) == [.targetIsCNAME, .targetIsCNAME, .targetIsCNAME])
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    @Test func inZoneNameServerWithoutAddress() throws {
        let found = try check("@ NS ns2\n")
        #expect(found.map(\.kind) == [.nsWithoutAddress])
        #expect(try check("@ NS ns.example.net.\n").isEmpty)
    }

    @Test func ttlMismatchInAnRRset() throws {
        let found = try check("www 60 A 192.0.2.1\nwww 120 A 192.0.2.2\n")
        #expect(found.map(\.kind) == [.ttlMismatch])
        #expect(found.first?.severity == .warning)
    }

    @Test func dnameBesideCNAMEAndTwoDNAMEs() throws {
        let both = try check("d DNAME x.example.\nd CNAME y.example.\n")
        #expect(both.map(\.kind) == [.cnameAndOtherData])
        #expect(both.first?.location?.line == 6)
        let two = try check("d DNAME x.example.\nd DNAME y.example.\n")
        #expect(two.map(\.kind) == [.multipleDNAME])
        #expect(two.first?.severity == .error && two.first?.location?.line == 6)
        #expect(try check("d DNAME x.example.\nd A 192.0.2.1\nd NS ns.example.\n").isEmpty)
    }

    @Test func dataBelowADNAMEIsOccluded() throws {
        let found = try check("d DNAME x.example.\na.d A 192.0.2.1\nb.c.d TXT x\nd.example.test. A 192.0.2.2\n")
        #expect(found.map(\.kind) == [.occludedByDNAME, .occludedByDNAME])
        #expect(found.map(\.location?.line) == [6, 7])
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(found.first?.message == "a.d.example.test. A is below the DNAME at d.example.test. and never answered")
    }

    @Test func targetsBelowADNAME() throws {
        let found = try check("d DNAME x.example.\n@ MX 10 a.d\n_s._tcp SRV 0 0 1 a.d\nsub NS a.d\n")
        #expect(found.map(\.kind) == [.targetBelowDNAME, .targetBelowDNAME, .targetBelowDNAME])
        #expect(found.allSatisfy { $0.severity == .warning })
        let apex = try check("@ DNAME x.example.\n")
        #expect(apex.map(\.kind) == [.targetBelowDNAME, .occludedByDNAME])
        #expect(apex.map(\.severity) == [.error, .warning])
        #expect(
            apex.first?.message == "example.test. NS ns1.example.test. is below the DNAME at example.test. (illegal)")
    }
}
