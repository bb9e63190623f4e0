import EdgeDNS
import EdgeDNSServer
import Foundation
import Testing

@Suite struct ZoneFileLoaderTests {
    private func directory() throws -> String {
        let path = NSTemporaryDirectory() + "edge-dns-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/zones", withIntermediateDirectories: true)
        return path
    }

    @Test func loadsRelativeToTheConfigDirectoryWithIncludes() throws {
        let base = try directory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try TestZone.text.replacingOccurrences(of: "Host    IN AAAA 2001:db8::80", with: "$INCLUDE host6.inc")
            .write(toFile: base + "/zones/example.test.zone", atomically: true, encoding: .utf8)
        try "Host IN AAAA 2001:db8::80\n".write(toFile: base + "/zones/host6.inc", atomically: true, encoding: .utf8)
        let zones = try ZoneFileLoader.loadZoneSet(files: ["zones/example.test.zone"], baseDirectory: base)
        let zone = try #require(zones.zone(for: try TestZone.name("host.example.test.")))
        #expect(zone.node(at: try TestZone.name("host.example.test."))?.types == [.a, .aaaa])
    }

    @Test func brokenZonesAreReportedWithTheirProblems() throws {
        let base = try directory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try "$ORIGIN broken.test.\n@ 60 IN SOA ns1 host 1 1 1 1 1\nwww IN A 999.1.1.1\n"
            .write(toFile: base + "/broken.zone", atomically: true, encoding: .utf8)
        #expect(throws: ZoneLoadError.self) {
            try ZoneFileLoader.loadZoneSet(files: ["broken.zone"], baseDirectory: base)
        }
        do {
            _ = try ZoneFileLoader.load(file: "broken.zone", baseDirectory: base)
        } catch {
            #expect(error.problems.contains { $0.contains("broken.zone:3") })
        }
        #expect(throws: ZoneLoadError.self) { try ZoneFileLoader.load(file: "missing.zone", baseDirectory: base) }
    }

    @Test func zoneWithoutSOAIsRejected() throws {
        let zone = Zone(
            origin: try TestZone.name("x.test."),
            records: [
                ResourceRecord(
                    owner: try TestZone.name("x.test."), ttl: 60, data: .a(try #require(IPv4Address("192.0.2.1"))))
            ])
        #expect(throws: ZoneLoadError.self) { try AuthoritativeZoneSet([zone]) }
    }

    @Test func listenAddresses() throws {
        #expect(try DNSListenAddress.parse("127.0.0.1:5353") == ("127.0.0.1", 5353))
        #expect(try DNSListenAddress.parse("[::1]:53") == ("::1", 53))
        #expect(throws: DNSListenAddress.Error.self) { try DNSListenAddress.parse("127.0.0.1") }
        #expect(throws: DNSListenAddress.Error.self) { try DNSListenAddress.parse("host:70000") }
    }
}
