import EdgeDNS

/// One run of the authoritative lookup algorithm (RFC 1034 §4.3.2 steps 3–6, without recursion) for
/// one question, filling the three sections. Used by `AnswerEngine`.
///
/// As BIND 9 does, everything in a response comes from the zone of the question (BIND's `authdb`):
/// CNAME chains are followed only inside it, and additional data is only taken from it.
struct ZoneResolver {
    /// The most records an RRset may have for its targets to get additional data (BIND 9.18's
    /// `DNS_RDATASET_MAXADDITIONAL`, a limit on the lookups one query can cause).
    static let maximumAdditionalTargets = 13

    let zones: AuthoritativeZoneSet
    let records: any RecordSource
    let context: QueryContext
    /// Whether to work out `dependsOnClientLocation` (only an EDNS Client Subnet echo needs it).
    let tracksClientLocation: Bool
    /// Whether to work out `usedVariableData` (only a packet cache needs it).
    let tracksVariableData: Bool
    private(set) var answers: [ResourceRecord] = []
    private(set) var authority: [ResourceRecord] = []
    private(set) var additional: [ResourceRecord] = []
    private(set) var rcode = DNSResponseCode.noError
    private(set) var authoritative = true
    /// Whether an RRset consulted for this answer was chosen by where the client is (latency or
    /// geolocation routing), so the answer is only valid for the client's network (RFC 7871 scope).
    /// Always false unless `tracksClientLocation`.
    private(set) var dependsOnClientLocation = false
    /// Whether an RRset consulted for this answer was not fixed (`RecordSource.isFixed`): a policy's
    /// choice, so the same question may get another answer. Always false unless `tracksVariableData`.
    private(set) var usedVariableData = false
    /// The zone of the question: the only source of the answer, authority and additional data.
    private var questionZone: AuthoritativeZone?
    /// Whether the lookup ended in a positive answer (not a referral, a negative answer, or a CNAME
    /// chain leaving the zone).
    private var answered = false
    /// Whether the answer is the DS RRset at a delegation point (BIND adds no apex NS to it).
    private var answeredDelegationDS = false

    init(
        zones: AuthoritativeZoneSet, records: any RecordSource, context: QueryContext,
        tracksClientLocation: Bool = true,
        tracksVariableData: Bool = false
    ) {
        self.zones = zones
        self.records = records
        self.context = context
        self.tracksClientLocation = tracksClientLocation
        self.tracksVariableData = tracksVariableData
    }

    /// Looks up `name`/`type` in `zone`, following CNAMEs that stay inside `zone`.
    ///
    /// - A CNAME whose target is in another zone (served here or not) ends the answer with the CNAMEs
    ///   so far, NOERROR and no authority, as BIND 9 does. The edge's own lookups (`ServedZoneLookup`,
    ///   whose context carries a `location`) follow it into every served zone instead (RFC 1034 §4.3.2
    ///   step 3a): they want the addresses, not a BIND-identical message.
    /// - More than `AnswerEngine.maximumChainLength` CNAMEs (BIND's 11 restarts), or a loop, is SERVFAIL
    ///   with the chain so far.
    /// - NXDOMAIN to an SOA query carries the SOA with TTL 0 (BIND's `zero-no-soa-ttl yes`).
    /// - A name below a DNAME (RFC 6672) is answered with the DNAME and a synthesized CNAME, followed
    ///   like any other CNAME (and counted in the chain); a CNAME or ANY question stops at the synthesized
    ///   CNAME, and a target longer than 255 octets is YXDOMAIN, as in BIND 9.
    mutating func resolve(name: DNSName, type: RecordType, zone: AuthoritativeZone) {
        var name = name
        var zone = zone
        // The names already looked up, once a CNAME is followed (few: a small array, no hashing).
        var visited: [DNSName] = []
        questionZone = zone
        let followsIntoOtherZones = context.location != nil
        for _ in 0...AnswerEngine.maximumChainLength {
            let cut = zone.delegation(covering: name)
            let target: DNSName
            if let dname = substitution(for: name, below: cut, in: zone) {
                guard let synthesized = synthesize(name, from: dname) else { return }
                // As BIND: a CNAME or ANY question is answered by the synthesized CNAME itself.
                guard type != .cname, type != .any else {
                    answered = true
                    return
                }
                target = synthesized
            } else {
                if let cut, !(type == .ds && cut.owner == name) {
                    refer(to: cut, in: zone)
                    return
                }
                guard let (node, owner) = match(name, in: zone) else {
                    rcode = .nameError
                    var soa = zone.negativeSOA
                    if type == .soa { soa.ttl = 0 }
                    authority = [soa]
                    return
                }
                if type == .any {
                    answerAny(node, owner: owner, zone: zone)
                    return
                }
                let rrset = fetch(node, type, zone, owner: owner)
                if !rrset.isEmpty {
                    if answers.isEmpty { answers = rrset } else { answers += rrset }
                    answered = true
                    answeredDelegationDS = cut != nil
                    return
                }
                guard type != .cname, let alias = fetch(node, .cname, zone, owner: owner).first,
                    case .cname(let next) = alias.data
                else {
                    authority = [zone.negativeSOA]
                    return
                }
                answers.append(alias)
                target = next
            }
            if visited.isEmpty { visited.reserveCapacity(AnswerEngine.maximumChainLength + 1) }
            visited.append(name)
            guard !visited.contains(target) else { break }
            guard let next = zones.zone(for: target), next.origin == zone.origin || followsIntoOtherZones
            else { return }
            name = target
            zone = next
        }
        rcode = .serverFailure
    }

    /// The DNAME record that rewrites `name` (RFC 6672 §2.3): the highest DNAME strictly above it, if
    /// no delegation (`cut`) is at or above the DNAME's owner (as BIND, the first of the two met going
    /// down from the apex wins).
    private mutating func substitution(for name: DNSName, below cut: ZoneNode?, in zone: AuthoritativeZone)
        -> ResourceRecord?
    {
        guard let node = zone.dname(above: name),
            cut.map({ node.owner.labels.count < $0.owner.labels.count }) ?? true
        else { return nil }
        return fetch(node, .dname, zone, owner: node.owner).first
    }

    /// Answers with the DNAME `record` (once per answer, as BIND adds an RRset once) and the CNAME it
    /// synthesizes for `name` (RFC 6672 §3.1: owner `name`, the DNAME's TTL, target = `name` with the
    /// DNAME owner replaced by the DNAME target). Nil, with YXDOMAIN, when the target would be longer
    /// than 255 octets (RFC 6672 §2.2); the answer then holds only the DNAME.
    private mutating func synthesize(_ name: DNSName, from record: ResourceRecord) -> DNSName? {
        guard case .dname(let target) = record.data else { return nil }
        if !answers.contains(where: { $0.type == .dname && $0.owner.isIdentical(to: record.owner) }) {
            answers.append(record)
        }
        let prefix = name.labels.prefix(name.labels.count - record.owner.labels.count)
        guard let synthesized = try? DNSName(labels: Array(prefix) + target.labels) else {
            rcode = .yxDomain
            return nil
        }
        answers.append(ResourceRecord(owner: name, ttl: record.ttl, data: .cname(synthesized)))
        return synthesized
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

    private mutating func fetch(_ node: ZoneNode, _ type: RecordType, _ zone: AuthoritativeZone, owner: DNSName)
        -> [ResourceRecord]
    {
        if tracksClientLocation, !dependsOnClientLocation {
            dependsOnClientLocation = records.isLocationDependent(at: node, type: type, in: zone)
        }
        let rrset: [ResourceRecord]
        if tracksVariableData, !usedVariableData {
            let answer = records.rrsetAndFixedness(at: node, type: type, in: zone, context: context)
            rrset = answer.records
            usedVariableData = !answer.isFixed
        } else {
            rrset = records.rrset(at: node, type: type, in: zone, context: context)
        }
        // Usually the records already have the owner (the node's own, not a wildcard's or an alias's).
        // (An index loop: `allSatisfy` would copy each record to look at its owner.)
        var allOwned = true
        for index in rrset.indices where !rrset[index].owner.isIdentical(to: owner) {
            allOwned = false
            break
        }
        guard !allOwned else { return rrset }
        return rrset.map { record in
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
            answered = true
        }
    }

    /// A referral: the cut's NS RRset in authority, glue in additional; AA only if a CNAME was followed
    /// to get here. Glue, as BIND sends it: the addresses of name servers below a zone cut of this zone
    /// (the delegation's own or a sibling's). Addresses the zone holds authoritatively, or that another
    /// zone holds, are not sent with a referral.
    private mutating func refer(to cut: ZoneNode, in zone: AuthoritativeZone) {
        let nameServers = cut.rrset(.ns)
        authority = nameServers
        authoritative = !answers.isEmpty
        for record in nameServers {
            guard case .ns(let target) = record.data, target.isSubdomain(of: zone.origin),
                zone.delegation(covering: target) != nil, let node = zone.node(at: target)
            else { continue }
            appendAdditional(node.rrset(.a))
            appendAdditional(node.rrset(.aaaa))
        }
    }

    /// BIND's `minimal-responses no-auth-recursive`: a positive answer to a query without RD also
    /// carries the zone's apex NS RRset in authority (unless the answer already has it, or is the DS
    /// RRset of a delegation).
    mutating func addApexNameServers() {
        guard answered, !answeredDelegationDS, let zone = questionZone, authority.isEmpty,
            let apex = zone.apex
        else { return }
        let nameServers = fetch(apex, .ns, zone, owner: apex.owner)
        guard !answers.contains(where: { $0.type == .ns && $0.owner == apex.owner }) else { return }
        authority = nameServers
    }

    /// Additional-section processing (RFC 1035 §3.3, §4.3.2 step 6): A and AAAA of the targets of NS,
    /// MX and SRV records in the answer and authority sections, from the question's zone only, for
    /// RRsets of at most `maximumAdditionalTargets` records (BIND 9.18).
    mutating func addAdditional() {
        // The NS, MX and SRV RRsets (runs of one owner and type) of answer + authority, found in place:
        // records of other types are stepped over one by one (they never share a run with these).
        let head = answers
        let tail = authoritative ? authority : []
        let total = head.count + tail.count
        // The nodes whose addresses to add, in order; their A RRsets then their AAAA RRsets are added
        // (BIND renders additional A RRsets before AAAA ones, so a UDP response cut to size keeps the
        // IPv4 addresses of more targets).
        var targets: [ZoneNode] = []
        var start = 0
        while start < total {
            let type = start < head.count ? head[start].type : tail[start - head.count].type
            guard type == .ns || type == .mx || type == .srv else {
                start += 1
                continue
            }
            let owner = start < head.count ? head[start].owner : tail[start - head.count].owner
            var end = start + 1
            while end < total {
                let same =
                    end < head.count
                    ? head[end].type == type && head[end].owner.isIdentical(to: owner)
                    : tail[end - head.count].type == type && tail[end - head.count].owner.isIdentical(to: owner)
                guard same else { break }
                end += 1
            }
            if end - start <= Self.maximumAdditionalTargets {
                for index in start..<end {
                    switch index < head.count ? head[index].data : tail[index - head.count].data {
                    case .ns(let target), .mx(_, let target): addTarget(target, to: &targets)
                    case .srv(let srv): addTarget(srv.target, to: &targets)
                    default: continue
                    }
                }
            }
            start = end
        }
        if let zone = questionZone, !targets.isEmpty {
            for node in targets { appendAdditional(fetch(node, .a, zone, owner: node.owner)) }
            for node in targets { appendAdditional(fetch(node, .aaaa, zone, owner: node.owner)) }
        }
        // Referral glue was added node by node: it too goes A first.
        if let firstOther = additional.firstIndex(where: { $0.type != .a }),
            additional[firstOther...].contains(where: { $0.type == .a })
        {
            additional = additional.filter { $0.type == .a } + additional.filter { $0.type != .a }
        }
    }

    /// Adds the node of `target` to `targets` if the question's zone (not a zone served below it) has
    /// it and it is not below a delegation: its A and AAAA RRsets are then additional data.
    private func addTarget(_ target: DNSName, to targets: inout [ZoneNode]) {
        guard let zone = questionZone, target.isSubdomain(of: zone.origin),
            !zones.hasZone(enclosing: target, below: zone.origin), zone.delegation(covering: target) == nil,
            let node = zone.node(at: target)
        else { return }
        if targets.isEmpty { targets.reserveCapacity(4) }
        targets.append(node)
    }

    private mutating func appendAdditional(_ rrset: [ResourceRecord]) {
        guard !rrset.isEmpty else { return }
        let type = rrset[0].type
        let owner = rrset[0].owner
        // (Index loops: `contains(where:)` would copy each record to look at it.)
        for index in answers.indices where answers[index].type == type && answers[index].owner == owner { return }
        for index in additional.indices where additional[index].type == type && additional[index].owner == owner {
            return
        }
        // Typically the A and AAAA RRsets of two name servers: one allocation.
        if additional.isEmpty { additional.reserveCapacity(max(8, rrset.count)) }
        additional += rrset
    }
}
