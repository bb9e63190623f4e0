import EdgeDNS

/// Why a parsed zone cannot be served.
public struct ZoneLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The zone (or file) concerned.
    public var zone: String
    /// What is wrong, one line each.
    public var problems: [String]

    /// Creates an error.
    public init(zone: String, problems: [String]) {
        self.zone = zone
        self.problems = problems
    }

    /// `zone: problem` lines.
    public var description: String { problems.map { "\(zone): \($0)" }.joined(separator: "\n") }
}

/// One served zone, indexed for answering: nodes by owner (case-insensitive), the names that exist
/// (including empty non-terminals), the delegation points (NS owners below the apex), the DNAME owners
/// and the SOA.
/// Immutable once built.
public struct AuthoritativeZone: Sendable {
    /// The index, shared by copies (a copy is one retain: zones are passed around on every query).
    private final class Storage: Sendable {
        let origin: DNSName
        let soa: ResourceRecord
        let nodes: [DNSName: ZoneNode]
        let existing: Set<DNSName>
        /// The delegation points (NS owners below the apex).
        let cuts: OwnerIndex
        /// The DNAME owners (RFC 6672).
        let dnames: OwnerIndex
        /// The apex node (it has the SOA).
        let apex: ZoneNode?

        init(
            origin: DNSName, soa: ResourceRecord, nodes: [DNSName: ZoneNode], existing: Set<DNSName>,
            cuts: Set<DNSName>, dnames: Set<DNSName>
        ) {
            self.origin = origin
            self.soa = soa
            self.nodes = nodes
            self.existing = existing
            self.cuts = OwnerIndex(cuts, nodes: nodes)
            self.dnames = OwnerIndex(dnames, nodes: nodes)
            self.apex = nodes[origin]
        }
    }

    private let storage: Storage

    /// The apex.
    public var origin: DNSName { storage.origin }
    /// The apex SOA record (owner as written in the zone).
    public var soa: ResourceRecord { storage.soa }
    private var nodes: [DNSName: ZoneNode] { storage.nodes }
    private var existing: Set<DNSName> { storage.existing }

    /// Indexes a parsed zone. Run `ZoneChecker` first; this only requires what answering needs.
    /// - Throws: `ZoneLoadError` if the zone is not class IN, has no SOA at the apex, or has a record
    ///   outside the zone.
    public init(_ zone: Zone) throws(ZoneLoadError) {
        let label = zone.origin.description
        guard zone.zoneClass == .in else { throw ZoneLoadError(zone: label, problems: ["only class IN is served"]) }
        var nodes: [DNSName: ZoneNode] = [:]
        var problems: [String] = []
        for record in zone.records {
            guard record.owner.isSubdomain(of: zone.origin) else {
                problems.append("\(record.owner) is outside the zone")
                continue
            }
            nodes[record.owner, default: ZoneNode(owner: record.owner)].add(record)
        }
        guard let apex = nodes[zone.origin], let soa = apex.rrset(.soa).first else {
            throw ZoneLoadError(zone: label, problems: problems + ["no SOA record at the apex"])
        }
        guard problems.isEmpty else { throw ZoneLoadError(zone: label, problems: problems) }
        var existing = Set<DNSName>()
        var cuts = Set<DNSName>()
        var dnames = Set<DNSName>()
        for (owner, node) in nodes {
            if owner != zone.origin, !node.rrset(.ns).isEmpty { cuts.insert(owner) }
            if !node.rrset(.dname).isEmpty { dnames.insert(owner) }
            var name: DNSName? = owner
            while let current = name, existing.insert(current).inserted, current != zone.origin {
                name = current.parent
            }
        }
        self.storage = Storage(
            origin: apex.owner, soa: soa, nodes: nodes, existing: existing, cuts: cuts, dnames: dnames)
    }

    /// The SOA as sent in negative answers: TTL = min(SOA TTL, SOA MINIMUM) (RFC 2308 §3).
    public var negativeSOA: ResourceRecord {
        var record = soa
        if case .soa(let data) = soa.data { record.ttl = min(soa.ttl, data.minimum) }
        return record
    }

    /// The apex node.
    var apex: ZoneNode? { storage.apex }

    /// The node at exactly `name`, if it has records.
    public func node(at name: DNSName) -> ZoneNode? { nodes[name] }

    /// Whether `name` exists in the zone: it owns records or has descendants that do.
    public func exists(_ name: DNSName) -> Bool { existing.contains(name) }

    /// The highest delegation point at or above `name` (and below the apex), if any: the cut whose NS
    /// RRset a referral for `name` sends.
    public func delegation(covering name: DNSName) -> ZoneNode? {
        storage.cuts.highest(above: name, strictly: false, origin: origin)
    }

    /// The highest DNAME owner strictly above `name` (at the apex or below it), if any: the DNAME that
    /// rewrites `name` (RFC 6672 §2.3), unless a delegation above it comes first.
    public func dname(above name: DNSName) -> ZoneNode? {
        storage.dnames.isEmpty ? nil : storage.dnames.highest(above: name, strictly: true, origin: origin)
    }

    /// The closest encloser of a name that does not exist (RFC 4592 §3.3.1): its nearest existing
    /// ancestor.
    public func closestEncloser(of name: DNSName) -> DNSName {
        var current = name
        while !existing.contains(current), current != origin, let parent = current.parent { current = parent }
        return current
    }

    /// The names that own records, for tests and diagnostics.
    public var owners: [DNSName] { nodes.values.map(\.owner) }
}
