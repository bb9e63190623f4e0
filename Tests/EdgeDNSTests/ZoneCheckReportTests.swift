import Testing

@testable import EdgeDNS

@Suite struct ZoneCheckReportTests {
    static let origin = try! DNSName("example.test.")

    @Test func goodZoneLoads() {
        let text =
            "$TTL 1h\n@ SOA ns1 host 42 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\nwww 60 A 192.0.2.2\nwww 120 A 192.0.2.3\n"
        let report = ZoneCheckReport(text: text, file: "z", origin: Self.origin)
        #expect(report.isLoadable)
        #expect(
            report.lines == [
                "z:6: warning: www.example.test. A TTL 120 differs from the RRset's 60; using 60",
                "zone example.test/IN: loaded serial 42", "OK",
            ])
    }

    @Test func syntaxErrorsAreListed() {
        let report = ZoneCheckReport(text: "$TTL 1h\nwww A 1.2.3\nx MX\n", file: "z", origin: Self.origin)
        #expect(!report.isLoadable)
        #expect(
            report.lines == [
                "z:2: bad A data: bad IPv4 address '1.2.3'", "z:3: bad MX data: missing preference",
                "zone ?/IN: not loaded due to errors.",
            ])
    }

    @Test func semanticErrorsStopLoading() {
        let report = ZoneCheckReport(text: "$TTL 1h\nwww A 192.0.2.1\n", file: "z", origin: Self.origin)
        #expect(!report.isLoadable)
        #expect(report.lines.last == "zone example.test/IN: not loaded due to errors.")
        #expect(report.lines.contains("no SOA record at the apex example.test."))
    }
}
