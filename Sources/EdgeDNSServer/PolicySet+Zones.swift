import EdgeDNS

extension PolicySet {
    /// The problems of serving these policies beside `zones`: a name in no zone or at/below a
    /// delegation, a type the zone file already has at the name, CNAME clashes with the zone file (and
    /// a CNAME at an apex), alias targets outside the record's zone, below a delegation, or that do not
    /// exist there.
    public func problems(against zones: [Zone]) -> [PolicyProblem] {
        var problems: [PolicyProblem] = []
        let policyNames = recordSets.map(\.name)
        for set in recordSets {
            let index = set.records[0].index
            func problem(_ message: String) { problems.append(PolicyProblem(index: index, message: message)) }
            guard let zone = Self.zone(for: set.name, in: zones) else {
                problem("\(set.name) is not in any served zone")
                continue
            }
            let staticTypes = zone.records.filter { $0.owner == set.name }.map(\.type)
            if staticTypes.contains(set.type) {
                problem("the zone file already has \(set.type) records at \(set.name); remove them or the policy")
            }
            if set.type == .cname {
                if set.name == zone.origin { problem("a CNAME cannot be at the zone apex (use an alias)") }
                if let other = staticTypes.first(where: { $0 != .cname }) {
                    problem("a CNAME allows no other data, and the zone file has \(other) at \(set.name)")
                }
            } else if staticTypes.contains(.cname) {
                problem("the zone file has a CNAME at \(set.name), which allows no other data")
            }
            if let cut = Self.delegation(covering: set.name, in: zone) {
                problem("\(set.name) is at or below the delegation point \(cut)")
            }
            for record in set.records {
                guard case .alias(let target, _) = record.answer else { continue }
                guard let targetZone = Self.zone(for: target, in: zones), targetZone.origin == zone.origin else {
                    problems.append(
                        PolicyProblem(
                            index: record.index, message: "alias target \(target) is not in zone \(zone.origin)"))
                    continue
                }
                if let cut = Self.delegation(covering: target, in: zone) {
                    problems.append(
                        PolicyProblem(
                            index: record.index,
                            message: "alias target \(target) is at or below the delegation point \(cut)"))
                } else if !Self.exists(target, in: zone, policyNames: policyNames) {
                    problems.append(
                        PolicyProblem(
                            index: record.index, message: "alias target \(target) does not exist in zone \(zone.origin)"
                        ))
                }
            }
        }
        return problems.sorted { ($0.index ?? -1) < ($1.index ?? -1) }
    }

    /// `zones` with the policy names added, so that the answer engine finds them: each set's values (or,
    /// for a set of aliases only, an empty placeholder record of its type). Serve the result only
    /// through a `PolicyRecordSource` with these policies, which answers those RRsets itself.
    /// - Throws: `PolicyError` with `problems(against:)`, if there are any.
    public func applied(to zones: [Zone]) throws(PolicyError) -> [Zone] {
        let problems = problems(against: zones)
        guard problems.isEmpty else { throw PolicyError(problems: problems) }
        var zones = zones
        for set in recordSets {
            guard let index = Self.zoneIndex(for: set.name, in: zones) else { continue }
            var added: [ResourceRecord] = []
            for record in set.records {
                if case .records(let records) = record.answer { added += records }
            }
            if added.isEmpty {
                added = [ResourceRecord(owner: set.name, type: set.type, ttl: Self.defaultTTL, data: .unknown([]))]
            }
            zones[index].records += added
        }
        return zones
    }

    private static func zoneIndex(for name: DNSName, in zones: [Zone]) -> Int? {
        zones.indices.filter { name.isSubdomain(of: zones[$0].origin) }
            .max { zones[$0].origin.labels.count < zones[$1].origin.labels.count }
    }

    private static func zone(for name: DNSName, in zones: [Zone]) -> Zone? {
        zoneIndex(for: name, in: zones).map { zones[$0] }
    }

    /// The highest NS owner below the apex at or above `name`.
    private static func delegation(covering name: DNSName, in zone: Zone) -> DNSName? {
        zone.records.filter { $0.type == .ns && $0.owner != zone.origin && name.isSubdomain(of: $0.owner) }
            .map(\.owner).min { $0.labels.count < $1.labels.count }
    }

    /// Whether `target` owns records, has descendants that do, or is covered by a wildcard.
    private static func exists(_ target: DNSName, in zone: Zone, policyNames: [DNSName]) -> Bool {
        let owners = zone.records.map(\.owner) + policyNames
        if owners.contains(where: { $0.isSubdomain(of: target) }) { return true }
        var ancestor = target.parent
        while let current = ancestor, current.isSubdomain(of: zone.origin) {
            if let wildcard = try? DNSName(labels: [[UInt8(ascii: "*")]] + current.labels),
                owners.contains(wildcard)
            {
                return true
            }
            ancestor = current.parent
        }
        return false
    }
}
