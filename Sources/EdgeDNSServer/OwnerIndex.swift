import EdgeDNS

/// The nodes of one zone that own a given kind of record that acts on the names below it (the NS of a
/// delegation, a DNAME), for finding the highest one above a name. Immutable; a class, so that reading
/// it from a zone's storage on every query is one retain rather than one per collection.
final class OwnerIndex: Sendable {
    /// Up to this many owners, a lookup compares the name with each instead of hashing its ancestors.
    static let scanLimit = 8

    /// The owners.
    let owners: Set<DNSName>
    /// The owners' nodes, highest first, when there are `scanLimit` or fewer.
    private let few: [ZoneNode]?
    private let nodes: [DNSName: ZoneNode]

    /// Indexes `owners`, whose nodes are in `nodes`.
    init(_ owners: Set<DNSName>, nodes: [DNSName: ZoneNode]) {
        self.owners = owners
        self.nodes = nodes
        self.few =
            owners.count <= Self.scanLimit
            ? owners.sorted { $0.labels.count < $1.labels.count }.compactMap { nodes[$0] } : nil
    }

    /// Whether there are no owners.
    var isEmpty: Bool { owners.isEmpty }

    /// The highest owner at or above `name` (strictly above it when `strictly`), at or below `origin`.
    func highest(above name: DNSName, strictly: Bool, origin: DNSName) -> ZoneNode? {
        if let few {
            for node in few where name.isSubdomain(of: node.owner) {
                if strictly, node.owner.labels.count == name.labels.count { continue }
                return node
            }
            return nil
        }
        var found: DNSName?
        var current = strictly ? name.parent : name
        while let candidate = current, candidate.labels.count >= origin.labels.count {
            if owners.contains(candidate) { found = candidate }
            current = candidate.parent
        }
        return found.flatMap { nodes[$0] }
    }
}
