import EdgeDNS

/// One evaluation of the routing policies for one query (the logic behind `PolicyRecordSource`).
struct PolicySelector {
    let configuration: PolicyRecordSource.Configuration
    let health: any HealthStateProvider
    let fallback: any RecordSource
    let random: PolicyRandom
    let context: QueryContext

    /// The RRset at `node`: by policy if the policies have the name and type, else the fallback's.
    func rrset(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, depth: Int) -> [ResourceRecord] {
        guard let set = configuration.policies.recordSet(name: node.owner, type: type) else {
            return fallback.rrset(at: node, type: type, in: zone, context: context)
        }
        return answer(set, in: zone, depth: depth)
    }

    /// The records of the members `set`'s policy chooses, without duplicate data.
    func answer(_ set: PolicyRecordSet, in zone: AuthoritativeZone, depth: Int) -> [ResourceRecord] {
        var out: [ResourceRecord] = []
        for record in choose(set, in: zone, depth: depth) {
            for resource in records(of: record, type: set.type, in: zone, depth: depth)
            where !out.contains(where: { $0.data == resource.data }) {
                out.append(resource)
            }
        }
        return set.policy == .multivalue ? Array(out.prefix(PolicyRecordSource.multivalueLimit)) : out
    }

    /// The members that answer.
    private func choose(_ set: PolicyRecordSet, in zone: AuthoritativeZone, depth: Int) -> [PolicyRecord] {
        let all = set.records
        if set.policy == .simple { return all }
        let healthy = all.filter { isHealthy($0, type: set.type, in: zone, depth: depth) }
        // Route 53: when every record is unhealthy, all are considered healthy.
        let pool = healthy.isEmpty ? all : healthy
        switch set.policy {
        case .simple:
            return all
        case .weighted:
            return [pickWeighted(pool)]
        case .failover:
            let primary = all.first { $0.routing == .failover(.primary) }
            let secondary = all.first { $0.routing == .failover(.secondary) }
            let healthyPrimary = primary.flatMap { record in healthy.contains(record) ? record : nil }
            let healthySecondary = secondary.flatMap { record in healthy.contains(record) ? record : nil }
            return [healthyPrimary ?? healthySecondary ?? primary ?? secondary].compactMap { $0 }
        case .latency:
            let client = configuration.networks.location(for: context)?.region
            let ranked = pool.enumerated().min { left, right in
                let leftRank = rank(left.element, client: client)
                let rightRank = rank(right.element, client: client)
                return leftRank != rightRank ? leftRank < rightRank : left.offset < right.offset
            }
            return ranked.map { [$0.element] } ?? []
        case .geolocation:
            let location = configuration.networks.location(for: context)
            let matches = all.enumerated().compactMap { offset, record -> (Int, Int, PolicyRecord)? in
                guard case .geolocation(let area) = record.routing, area.contains(location) else { return nil }
                return (area.specificity, offset, record)
            }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            // The most specific healthy match; when every match is unhealthy, the most specific one.
            guard let best = matches.first(where: { healthy.contains($0) }) ?? matches.first else { return [] }
            return [best]
        case .multivalue:
            return shuffled(pool)
        }
    }

    private func rank(_ record: PolicyRecord, client: String?) -> Int {
        guard case .latency(let region) = record.routing else { return Int.max }
        return configuration.regionProximity.rank(of: region, forClientIn: client)
    }

    /// One record, at random in proportion to weight among those with a weight above 0; uniformly if
    /// every weight is 0.
    private func pickWeighted(_ pool: [PolicyRecord]) -> PolicyRecord {
        let weighted = pool.filter { $0.weight > 0 }
        guard !weighted.isEmpty else { return pool.count == 1 ? pool[0] : pool[Int(random.below(UInt64(pool.count)))] }
        if weighted.count == 1 { return weighted[0] }
        var draw = random.below(weighted.reduce(0) { $0 + $1.weight })
        for record in weighted {
            if draw < record.weight { return record }
            draw -= record.weight
        }
        return weighted[weighted.count - 1]
    }

    /// Fisher–Yates with the injected random source.
    private func shuffled(_ records: [PolicyRecord]) -> [PolicyRecord] {
        var out = records
        var index = out.count - 1
        while index > 0 {
            out.swapAt(index, Int(random.below(UInt64(index + 1))))
            index -= 1
        }
        return out
    }

    /// The records a member answers with: its own, or its alias target's (at the target's TTL).
    private func records(of record: PolicyRecord, type: RecordType, in zone: AuthoritativeZone, depth: Int)
        -> [ResourceRecord]
    {
        switch record.answer {
        case .records(let records):
            return records
        case .alias(let target, _):
            guard depth < PolicyRecordSource.maximumAliasDepth, let node = Self.node(for: target, in: zone) else {
                return []
            }
            return rrset(at: node, type: type, in: zone, depth: depth + 1)
        }
    }

    /// Whether a member may answer: its health check does not fail and, for an alias evaluating target
    /// health, its target has a healthy record.
    private func isHealthy(_ record: PolicyRecord, type: RecordType, in zone: AuthoritativeZone, depth: Int) -> Bool {
        if let id = record.healthCheckId, health.isHealthy(id) == false { return false }
        guard case .alias(let target, true) = record.answer else { return true }
        guard depth < PolicyRecordSource.maximumAliasDepth, let node = Self.node(for: target, in: zone) else {
            return false
        }
        guard let set = configuration.policies.recordSet(name: node.owner, type: type) else {
            return !fallback.rrset(at: node, type: type, in: zone, context: context).isEmpty
        }
        return set.records.contains { isHealthy($0, type: type, in: zone, depth: depth + 1) }
    }

    /// The node answering for an alias target in `zone`: the name's own, an empty non-terminal, or the
    /// wildcard covering it; nil outside the zone or below a delegation.
    static func node(for target: DNSName, in zone: AuthoritativeZone) -> ZoneNode? {
        guard target.isSubdomain(of: zone.origin), zone.delegation(covering: target) == nil else { return nil }
        if let node = zone.node(at: target) { return node }
        if zone.exists(target) { return ZoneNode(owner: target) }
        let encloser = zone.closestEncloser(of: target)
        guard let wildcard = try? DNSName(labels: [[UInt8(ascii: "*")]] + encloser.labels) else { return nil }
        return zone.node(at: wildcard)
    }
}
