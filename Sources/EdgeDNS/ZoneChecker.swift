/// Semantic checks on a parsed zone, as `named-checkzone` does them. Pure: no lookups outside the zone.
public enum ZoneChecker {
    /// Checks a zone.
    /// - Returns: every problem, errors and warnings, ordered by the position of the record concerned.
    public static func check(_ zone: Zone) -> [ZoneProblem] {
        var problems: [(Int, ZoneProblem)] = []
        func add(
            _ severity: ZoneProblem.Severity, _ kind: ZoneProblem.Kind, _ index: Int?, _ owner: DNSName,
            _ message: String
        ) {
            let location = index.flatMap { zone.location(ofRecordAt: $0) }
            problems.append(
                (
                    index ?? -1,
                    ZoneProblem(severity: severity, kind: kind, owner: owner, location: location, message: message)
                ))
        }
        let origin = zone.origin
        var byOwner: [DNSName: [Int]] = [:]
        var seen: Set<ResourceRecord> = []
        var firstTTL: [RRsetKey: UInt32] = [:]
        for (index, record) in zone.records.enumerated() {
            guard record.owner.isSubdomain(of: origin) else {
                add(.error, .outOfZone, index, record.owner, "\(record.owner) is outside the zone \(origin)")
                continue
            }
            var identity = record
            identity.ttl = 0
            if !seen.insert(identity).inserted {
                add(
                    .warning, .duplicateRecord, index, record.owner,
                    "duplicate record \(record.owner) \(record.type) ignored")
                continue
            }
            byOwner[record.owner, default: []].append(index)
            let key = RRsetKey(owner: record.owner, type: record.type)
            if let ttl = firstTTL[key], ttl != record.ttl {
                add(
                    .warning, .ttlMismatch, index, record.owner,
                    "\(record.owner) \(record.type) TTL \(record.ttl) differs from the RRset's \(ttl); using \(ttl)")
            } else if firstTTL[key] == nil {
                firstTTL[key] = record.ttl
            }
            if record.type == .soa && record.owner != origin {
                add(
                    .error, .soaNotAtApex, index, record.owner,
                    "SOA record at \(record.owner), not at the apex \(origin)")
            }
        }
        let apex = byOwner[origin] ?? []
        let soas = apex.filter { zone.records[$0].type == .soa }
        if soas.isEmpty { add(.error, .missingSOA, nil, origin, "no SOA record at the apex \(origin)") }
        if soas.count > 1 { add(.error, .multipleSOA, soas[1], origin, "more than one SOA record at the apex") }
        if !apex.contains(where: { zone.records[$0].type == .ns }) {
            add(.error, .missingNS, nil, origin, "no NS records at the apex \(origin)")
        }
        for (owner, indices) in byOwner {
            let cnames = indices.filter { zone.records[$0].type == .cname }
            guard let first = cnames.first else { continue }
            let distinct = Set(cnames.map { zone.records[$0].data })
            if distinct.count > 1 { add(.error, .multipleCNAME, cnames[1], owner, "more than one CNAME at \(owner)") }
            let dnssec: Set<RecordType> = [.rrsig, .nsec, RecordType(rawValue: 25)]
            if let other = indices.first(where: {
                ![.cname].contains(zone.records[$0].type) && !dnssec.contains(zone.records[$0].type)
            }) {
                add(.error, .cnameAndOtherData, max(first, other), owner, "CNAME and other data at \(owner)")
            }
        }
        checkDNAMEs(zone, byOwner: byOwner, add: add)
        checkTargets(zone, byOwner: byOwner, add: add)
        return problems.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// RFC 6672: one DNAME per owner (BIND: "multiple RRs of singleton type"); nothing below a DNAME is
    /// visible, so such data draws a warning (BIND loads it silently). CNAME beside DNAME is caught as
    /// `cnameAndOtherData`.
    private static func checkDNAMEs(
        _ zone: Zone, byOwner: [DNSName: [Int]],
        add: (ZoneProblem.Severity, ZoneProblem.Kind, Int?, DNSName, String) -> Void
    ) {
        var dnameOwners: Set<DNSName> = []
        for (owner, indices) in byOwner {
            let dnames = indices.filter { zone.records[$0].type == .dname }
            guard !dnames.isEmpty else { continue }
            dnameOwners.insert(owner)
            if dnames.count > 1 { add(.error, .multipleDNAME, dnames[1], owner, "more than one DNAME at \(owner)") }
        }
        guard !dnameOwners.isEmpty else { return }
        for indices in byOwner.values {
            for index in indices {
                let owner = zone.records[index].owner
                guard let dname = dnameAbove(owner, in: dnameOwners, origin: zone.origin) else { continue }
                add(
                    .warning, .occludedByDNAME, index, owner,
                    "\(owner) \(zone.records[index].type) is below the DNAME at \(dname) and never answered")
            }
        }
    }

    /// The nearest owner of a DNAME strictly above `name`, within the zone.
    static func dnameAbove(_ name: DNSName, in dnameOwners: Set<DNSName>, origin: DNSName) -> DNSName? {
        guard !dnameOwners.isEmpty, name != origin else { return nil }
        var current = name.parent
        while let ancestor = current, ancestor.isSubdomain(of: origin) {
            if dnameOwners.contains(ancestor) { return ancestor }
            if ancestor == origin { break }
            current = ancestor.parent
        }
        return nil
    }

    private static func checkTargets(
        _ zone: Zone, byOwner: [DNSName: [Int]],
        add: (ZoneProblem.Severity, ZoneProblem.Kind, Int?, DNSName, String) -> Void
    ) {
        func types(at name: DNSName) -> Set<RecordType> { Set((byOwner[name] ?? []).map { zone.records[$0].type }) }
        let dnameOwners = Set(byOwner.keys.filter { types(at: $0).contains(.dname) })
        for (index, record) in zone.records.enumerated() {
            let target: DNSName
            let what: String
            switch record.data {
            case .mx(_, let exchange): (target, what) = (exchange, "MX")
            case .ns(let name): (target, what) = (name, "NS")
            case .srv(let srv) where !srv.target.isRoot: (target, what) = (srv.target, "SRV")
            default: continue
            }
            guard target.isSubdomain(of: zone.origin) else { continue }
            if let dname = dnameAbove(target, in: dnameOwners, origin: zone.origin) {
                // BIND refuses the zone when its own name servers are hidden, and only complains otherwise.
                let apexNS = what == "NS" && record.owner == zone.origin
                add(
                    apexNS ? .error : .warning, .targetBelowDNAME, index, record.owner,
                    "\(record.owner) \(what) \(target) is below the DNAME at \(dname) (illegal)")
                continue
            }
            let present = types(at: target)
            if present.contains(.cname) {
                add(
                    .warning, .targetIsCNAME, index, record.owner,
                    "\(record.owner) \(what) \(target) is a CNAME (illegal)")
            } else if what == "NS", present.isDisjoint(with: [.a, .aaaa]) {
                add(
                    .error, .nsWithoutAddress, index, record.owner,
                    "\(record.owner) NS \(target) has no address records (A or AAAA)")
            }
        }
    }
}

/// An RRset's identity: owner and type.
struct RRsetKey: Hashable {
    var owner: DNSName
    var type: RecordType
}
