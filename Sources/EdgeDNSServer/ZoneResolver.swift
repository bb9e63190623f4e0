import EdgeDNS

/// One run of the authoritative lookup algorithm (RFC 1034 §4.3.2 steps 3–6, without recursion) for
/// one question, filling the three sections. Used by `AnswerEngine`.
struct ZoneResolver {
    let zones: AuthoritativeZoneSet
    let records: any RecordSource
    let context: QueryContext
    private(set) var answers: [ResourceRecord] = []
    private(set) var authority: [ResourceRecord] = []
    private(set) var additional: [ResourceRecord] = []
    private(set) var rcode = DNSResponseCode.noError
    private(set) var authoritative = true
    /// The zone that gave the final positive answer, if the lookup ended in one.
    private var answeringZone: AuthoritativeZone?

    init(zones: AuthoritativeZoneSet, records: any RecordSource, context: QueryContext) {
        self.zones = zones
        self.records = records
        self.context = context
    }

    /// Looks up `name`/`type` starting in `zone`, following CNAMEs through every served zone.
    mutating func resolve(name: DNSName, type: RecordType, zone: AuthoritativeZone) {
        var name = name
        var zone = zone
        var visited: Set<DNSName> = []
        for _ in 0...AnswerEngine.maximumChainLength {
            visited.insert(name)
            if let cut = zone.delegation(covering: name), !(type == .ds && cut.owner == name) {
                refer(to: cut, in: zone)
                return
            }
            guard let (node, owner) = match(name, in: zone) else {
                rcode = .nameError
                authority = [zone.negativeSOA]
                return
            }
            if type == .any {
                answerAny(node, owner: owner, zone: zone)
                return
            }
            let rrset = fetch(node, type, zone, owner: owner)
            if !rrset.isEmpty {
                answers += rrset
                answeringZone = zone
                return
            }
            guard type != .cname, let alias = fetch(node, .cname, zone, owner: owner).first,
                case .cname(let target) = alias.data
            else {
                authority = [zone.negativeSOA]
                return
            }
            answers.append(alias)
            guard !visited.contains(target) else { break }
            guard let next = zones.zone(for: target) else { return }
            name = target
            zone = next
        }
        rcode = .serverFailure
    }

    /// The node answering for `name` and the owner to give its records: the node itself, an empty
    /// non-terminal, or the source of wildcard synthesis (RFC 4592) with the query name as owner.
    private func match(_ name: DNSName, in zone: AuthoritativeZone) -> (ZoneNode, DNSName)? {
        if let node = zone.node(at: name) { return (node, node.owner) }
        if zone.exists(name) { return (ZoneNode(owner: name), name) }
        let encloser = zone.closestEncloser(of: name)
        guard let source = try? DNSName(labels: [[UInt8(ascii: "*")]] + encloser.labels),
            let node = zone.node(at: source)
        else { return nil }
        return (node, name)
    }

    private func fetch(_ node: ZoneNode, _ type: RecordType, _ zone: AuthoritativeZone, owner: DNSName)
        -> [ResourceRecord]
    {
        records.rrset(at: node, type: type, in: zone, context: context).map { record in
            var record = record
            record.owner = owner
            return record
        }
    }

    /// RFC 8482: over UDP one RRset (the first in zone-file order), over TCP all of them.
    private mutating func answerAny(_ node: ZoneNode, owner: DNSName, zone: AuthoritativeZone) {
        for type in node.types {
            let rrset = fetch(node, type, zone, owner: owner)
            answers += rrset
            if context.transport == .udp, !rrset.isEmpty { break }
        }
        if answers.isEmpty {
            authority = [zone.negativeSOA]
        } else {
            answeringZone = zone
        }
    }

    /// A referral: the cut's NS RRset in authority, addresses of its targets in additional; AA only
    /// if a CNAME was followed to get here.
    private mutating func refer(to cut: ZoneNode, in zone: AuthoritativeZone) {
        let nameServers = cut.rrset(.ns)
        authority = nameServers
        authoritative = !answers.isEmpty
        for record in nameServers {
            guard case .ns(let target) = record.data else { continue }
            if target.isSubdomain(of: cut.owner) {
                for type in [RecordType.a, .aaaa] { appendAdditional(zone.node(at: target)?.rrset(type) ?? []) }
            } else {
                addAddresses(of: target)
            }
        }
    }

    /// BIND's `minimal-responses no-auth-recursive`: a positive answer to a query without RD also
    /// carries the zone's apex NS RRset in authority (unless the answer already has it).
    mutating func addApexNameServers() {
        guard let zone = answeringZone, authority.isEmpty,
            let apex = zone.node(at: zone.origin)
        else { return }
        let nameServers = fetch(apex, .ns, zone, owner: apex.owner)
        guard !answers.contains(where: { $0.type == .ns && $0.owner == apex.owner }) else { return }
        authority = nameServers
    }

    /// Additional-section processing (RFC 1035 §3.3, §4.3.2 step 6): A and AAAA of the targets of NS,
    /// MX and SRV records in the answer and authority sections, from served zones only.
    mutating func addAdditional() {
        for record in answers + (authoritative ? authority : []) {
            switch record.data {
            case .ns(let target), .mx(_, let target): addAddresses(of: target)
            case .srv(let srv): addAddresses(of: srv.target)
            default: continue
            }
        }
    }

    /// The authoritative A and AAAA RRsets of `target` (not below a delegation), if served.
    private mutating func addAddresses(of target: DNSName) {
        guard let zone = zones.zone(for: target), zone.delegation(covering: target) == nil,
            let node = zone.node(at: target)
        else { return }
        for type in [RecordType.a, .aaaa] { appendAdditional(fetch(node, type, zone, owner: node.owner)) }
    }

    private mutating func appendAdditional(_ rrset: [ResourceRecord]) {
        guard let first = rrset.first else { return }
        let present = { (record: ResourceRecord) in record.type == first.type && record.owner == first.owner }
        guard !answers.contains(where: present), !additional.contains(where: present) else { return }
        additional += rrset
    }
}
