import EdgeDNS
import EdgeDNSServer

/// The zone the engine tests run against (the same file was served by BIND 9.18 to check behaviour).
enum TestZone {
    static let bigText = String(repeating: "a", count: 99)

    static let text = """
        $ORIGIN Example.Test.
        $TTL 3600
        @       IN SOA  ns1 hostmaster 2024010101 1h 15m 1w 300
        @       IN NS   ns1
        @       IN NS   ns2.other.invalid.
        @       IN MX   10 Mail
        @       IN A    192.0.2.1
        ns1     IN A    192.0.2.53
        ns1     IN AAAA 2001:db8::53
        Mail    IN A    192.0.2.25
        www     IN CNAME web
        web     IN CNAME Host
        Host    IN A    192.0.2.80
        Host    IN AAAA 2001:db8::80
        out     IN CNAME target.elsewhere.invalid.
        loop1   IN CNAME loop2
        loop2   IN CNAME loop1
        dangling IN CNAME nothere
        *.wild  IN A    192.0.2.99
        *.wild  IN TXT  "wild"
        exp.wild IN A   192.0.2.100
        *.cw    IN CNAME Host
        a.b.ent IN A    192.0.2.7
        sub     IN NS   ns.sub
        sub     IN NS   ns.elsewhere.invalid.
        ns.sub  IN A    192.0.2.200
        tosub   IN CNAME www.sub
        srv     IN SRV  0 5 443 Host
        other   IN CNAME www.Child.example.test.
        big     IN TXT  "\(bigText)1"
        big     IN TXT  "\(bigText)2"
        big     IN TXT  "\(bigText)3"
        big     IN TXT  "\(bigText)4"
        big     IN TXT  "\(bigText)5"
        big     IN TXT  "\(bigText)6"
        """

    /// A separately served child zone (not delegated from the parent), with SOA TTL below its minimum.
    static let childText = """
        $ORIGIN child.example.test.
        @   60 IN SOA ns1.example.test. hostmaster.example.test. 1 1h 15m 1w 300
        @   60 IN NS  ns1.example.test.
        www 60 IN A   192.0.2.9
        """

    static func parse(_ text: String, _ origin: String) throws -> Zone {
        try ZoneFileParser.parse(text: text, file: "\(origin).zone", origin: DNSName(origin))
    }

    static func zones() throws -> AuthoritativeZoneSet {
        try AuthoritativeZoneSet([parse(text, "example.test."), parse(childText, "child.example.test.")])
    }

    /// A query message.
    static func query(
        _ name: String, _ type: RecordType, recursionDesired: Bool = false, edns: EDNS? = EDNS(udpPayloadSize: 1232),
        questionClass: RecordClass = .in, id: UInt16 = 0x1234
    ) throws -> DNSMessage {
        DNSMessage(
            header: DNSHeader(id: id, recursionDesired: recursionDesired),
            questions: [DNSQuestion(name: try DNSName(name), type: type, questionClass: questionClass)], edns: edns)
    }

    static func name(_ text: String) throws -> DNSName { try DNSName(text) }
}

extension DNSMessage {
    /// The answer section in presentation form, one record per line.
    var answerLines: [String] { answers.map(\.description) }
    /// Owner names of a section, case kept.
    func owners(_ records: [ResourceRecord]) -> [String] { records.map(\.owner.description) }
}
