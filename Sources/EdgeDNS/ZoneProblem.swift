/// One semantic problem in a parsed zone, in the spirit of `named-checkzone`.
public struct ZoneProblem: Hashable, Sendable, CustomStringConvertible {
    /// Whether the zone can still be served.
    public enum Severity: String, Sendable, Hashable {
        /// The zone is rejected.
        case error
        /// The zone loads, possibly normalised (e.g. a duplicate dropped, an RRset's TTLs aligned).
        case warning
    }

    /// The closed set of checks. The raw value is stable.
    public enum Kind: String, Sendable, Hashable {
        /// A CNAME shares its owner with other data (RFC 1034 §3.6.2).
        case cnameAndOtherData
        /// More than one CNAME at one owner.
        case multipleCNAME
        /// No SOA record at the apex.
        case missingSOA
        /// More than one SOA record at the apex.
        case multipleSOA
        /// An SOA record below the apex.
        case soaNotAtApex
        /// No NS records at the apex.
        case missingNS
        /// An in-zone name server name has no A or AAAA record.
        case nsWithoutAddress
        /// A record whose owner is outside the zone.
        case outOfZone
        /// The same record appears twice; the copy is ignored.
        case duplicateRecord
        /// An MX, NS or SRV target is a CNAME.
        case targetIsCNAME
        /// Records of one RRset have different TTLs; all take the first one's.
        case ttlMismatch
        /// More than one DNAME at one owner (RFC 6672 §2.4).
        case multipleDNAME
        /// A record below a DNAME: resolvers never see it (RFC 6672 §2.3).
        case occludedByDNAME
        /// An NS, MX or SRV target below a DNAME in this zone (an error for the apex NS records).
        case targetBelowDNAME
    }

    /// Error or warning.
    public var severity: Severity
    /// Which check failed.
    public var kind: Kind
    /// The owner name concerned.
    public var owner: DNSName
    /// Where the offending record was read, when known.
    public var location: ZoneLocation?
    /// What is wrong.
    public var message: String

    /// Creates a problem.
    public init(severity: Severity, kind: Kind, owner: DNSName, location: ZoneLocation?, message: String) {
        self.severity = severity
        self.kind = kind
        self.owner = owner
        self.location = location
        self.message = message
    }

    /// `file:line: [warning: ]message`, or just the message when the location is unknown.
    public var description: String {
        let prefix = severity == .warning ? "warning: " : ""
        guard let location else { return prefix + message }
        return "\(location): \(prefix)\(message)"
    }
}
