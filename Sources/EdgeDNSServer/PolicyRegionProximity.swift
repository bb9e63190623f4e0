/// The region-distance table of latency routing: for a client's region, the record regions to prefer,
/// nearest first. A record in the client's own region always comes first; regions not listed come after
/// the listed ones, in document order. Without an entry for the client's region (or without a known
/// region) the first healthy record in document order answers.
///
/// ```yaml
/// dns:
///   latencyRegions:
///     eu-west-1: [eu-central-1, us-east-1]
///     us-east-1: [us-west-2, eu-west-1]
/// ```
public struct PolicyRegionProximity: Decodable, Sendable, Hashable {
    /// Client region → record regions, nearest first (all lower case).
    public private(set) var nearest: [String: [String]]

    /// Creates a table (regions compare case-insensitively).
    public init(_ nearest: [String: [String]] = [:]) {
        var lowered: [String: [String]] = [:]
        for (client, regions) in nearest { lowered[client.lowercased()] = regions.map { $0.lowercased() } }
        self.nearest = lowered
    }

    /// Decodes a plain mapping of region to list of regions.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: [String]].self))
    }

    /// The rank of a record in `region` for a client in `client`: 0 for the same region, 1… for listed
    /// regions, `Int.max` otherwise (ties keep document order).
    public func rank(of region: String, forClientIn client: String?) -> Int {
        guard let client else { return Int.max }
        if region == client { return 0 }
        return nearest[client]?.firstIndex(of: region).map { $0 + 1 } ?? Int.max
    }
}
