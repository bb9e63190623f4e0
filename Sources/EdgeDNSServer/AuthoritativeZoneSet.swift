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
    }

    /// The closest enclosing zone of `name` (the longest apex it is at or below), if any.
    public func zone(for name: DNSName) -> AuthoritativeZone? {
        var current: DNSName? = name
        while let candidate = current {
            if let zone = zones[candidate] { return zone }
            current = candidate.parent
        }
        return nil
    }
}
