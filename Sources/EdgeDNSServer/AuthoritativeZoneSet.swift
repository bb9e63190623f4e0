import EdgeDNS

/// The zones a server is authoritative for, immutable: swap the whole set to reload.
///
/// ```swift
/// let zones = try AuthoritativeZoneSet([zone])
/// zones.zone(for: try DNSName("www.example.test."))?.origin   // example.test.
/// ```
public struct AuthoritativeZoneSet: Sendable {
    /// The zones, by apex (case-insensitive).
    public let zones: [DNSName: AuthoritativeZone]
    /// The zones when there are few (`scanLimit` or fewer), scanned instead of hashing every ancestor.
    private let few: [AuthoritativeZone]?

    /// Up to this many zones, lookups compare the name with each apex.
    private static let scanLimit = 8

    /// The identity of one built set: answers cached for it are valid only while it is served.
    final class Generation: Sendable {}

    /// This set's identity (a copy of the set shares it; a set built again does not).
    let generation = Generation()

    /// The empty set: every query is REFUSED.
    public static let empty = AuthoritativeZoneSet(indexed: [])

    /// Indexes zones.
    /// - Throws: `ZoneLoadError` for the first zone that cannot be served, or for two zones with one apex.
    public init(_ zones: [Zone]) throws(ZoneLoadError) {
        var indexed: [AuthoritativeZone] = []
        for zone in zones {
            guard !indexed.contains(where: { $0.origin == zone.origin }) else {
                throw ZoneLoadError(zone: zone.origin.description, problems: ["zone configured twice"])
            }
            indexed.append(try AuthoritativeZone(zone))
        }
        self.init(indexed: indexed)
    }

    /// A set of already indexed zones (later apexes replace earlier equal ones).
    public init(indexed: [AuthoritativeZone]) {
        var byOrigin: [DNSName: AuthoritativeZone] = [:]
        for zone in indexed { byOrigin[zone.origin] = zone }
        self.zones = byOrigin
        self.few = byOrigin.count <= Self.scanLimit ? Array(byOrigin.values) : nil
    }

    /// The closest enclosing zone of `name` (the longest apex it is at or below), if any.
    public func zone(for name: DNSName) -> AuthoritativeZone? {
        if let few {
            var best: AuthoritativeZone?
            for zone in few
            where zone.origin.labels.count > (best?.origin.labels.count ?? -1) && name.isSubdomain(of: zone.origin) {
                best = zone
            }
            return best
        }
        var current: DNSName? = name
        while let candidate = current {
            if let zone = zones[candidate] { return zone }
            current = candidate.parent
        }
        return nil
    }

    /// Whether a zone whose apex is below `origin` (strictly) encloses `name`, which is at or below
    /// `origin`: `zone(for: name)` is then not `origin`'s zone.
    func hasZone(enclosing name: DNSName, below origin: DNSName) -> Bool {
        if let few {
            let depth = origin.labels.count
            return few.contains { $0.origin.labels.count > depth && name.isSubdomain(of: $0.origin) }
        }
        return zone(for: name).map { $0.origin != origin } ?? true
    }
}
