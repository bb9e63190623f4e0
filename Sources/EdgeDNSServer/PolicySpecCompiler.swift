import EdgeDNS

/// Validates and compiles one `PolicyRecordSpec` on its own (checks across records are `PolicySet`'s).
enum PolicySpecCompiler {
    /// Types a policies file may not hold: zone structure, DNSSEC and meta-types.
    static let refusedTypes: Set<RecordType> = [.soa, .ns, .ds, .rrsig, .nsec, .opt, .any, .axfr]

    /// The compiled record, or nil, and every problem of the spec.
    static func compile(_ spec: PolicyRecordSpec, index: Int) -> (
        record: (DNSName, RecordType, PolicyRecord)?, problems: [String]
    ) {
        var problems: [String] = []
        var name: DNSName?
        do {
            name = try DNSName(spec.name)
        } catch {
            problems.append("bad name '\(spec.name)': \(error.message) (names must be absolute, ending with '.')")
        }
        let type = RecordType(mnemonic: spec.type)
        if let type, refusedTypes.contains(type) {
            problems.append("type \(type) cannot be served from a policies file")
        } else if type == nil {
            problems.append("unknown type '\(spec.type)'")
        }
        let routing = self.routing(spec, problems: &problems)
        if let routing {
            checkIdentifiers(spec, routing: routing, problems: &problems)
        }
        let answer = self.answer(spec, name: name, type: type, routing: routing, problems: &problems)
        guard problems.isEmpty, let name, let type, let routing, let answer else { return (nil, problems) }
        let record = PolicyRecord(
            setIdentifier: spec.setIdentifier, routing: routing, healthCheckId: spec.healthCheckId, answer: answer,
            index: index)
        return ((name, type, record), [])
    }

    /// The routing key: at most one of weight, failover, region, geoLocation, multiValueAnswer.
    private static func routing(_ spec: PolicyRecordSpec, problems: inout [String]) -> PolicyRecord.Routing? {
        var found: [(String, PolicyRecord.Routing?)] = []
        if let weight = spec.weight {
            if (0...255).contains(weight) {
                found.append(("weight", .weighted(UInt8(weight))))
            } else {
                problems.append("weight \(weight) is not in 0…255")
                found.append(("weight", nil))
            }
        }
        if let failover = spec.failover {
            if let role = PolicyRecord.FailoverRole(rawValue: failover.uppercased()) {
                found.append(("failover", .failover(role)))
            } else {
                problems.append("failover must be PRIMARY or SECONDARY, not '\(failover)'")
                found.append(("failover", nil))
            }
        }
        if let region = spec.region {
            if region.isEmpty || region.contains(where: \.isWhitespace) {
                problems.append("region '\(region)' is empty or has blanks")
                found.append(("region", nil))
            } else {
                found.append(("region", .latency(region: region.lowercased())))
            }
        }
        if let geo = spec.geoLocation {
            switch PolicyGeoLocation.parse(geo) {
            case .success(let location): found.append(("geoLocation", .geolocation(location)))
            case .failure(let message):
                problems.append(message.text)
                found.append(("geoLocation", nil))
            }
        }
        if spec.multiValueAnswer == true { found.append(("multiValueAnswer", .multivalue)) }
        guard found.count <= 1 else {
            problems.append(
                "one routing policy per record, found " + found.map(\.0).joined(separator: ", "))
            return nil
        }
        guard let only = found.first else { return .simple }
        return only.1
    }

    /// setIdentifier with (and only with) a routing policy; healthCheckId only with one.
    private static func checkIdentifiers(
        _ spec: PolicyRecordSpec, routing: PolicyRecord.Routing, problems: inout [String]
    ) {
        if routing == .simple {
            if spec.setIdentifier != nil {
                problems.append(
                    "setIdentifier needs a routing policy (weight, failover, region, geoLocation or multiValueAnswer)")
            }
            if spec.healthCheckId != nil {
                problems.append("healthCheckId needs a routing policy (simple records are always served)")
            }
            return
        }
        if let identifier = spec.setIdentifier {
            if identifier.isEmpty || identifier.utf8.count > 128 {
                problems.append("setIdentifier must be 1–128 characters")
            }
        } else {
            problems.append("setIdentifier is required with a \(routing.policy) routing policy")
        }
        if spec.healthCheckId?.isEmpty == true { problems.append("healthCheckId is empty") }
    }

    /// The values, parsed for the type, or the alias target.
    private static func answer(
        _ spec: PolicyRecordSpec, name: DNSName?, type: RecordType?, routing: PolicyRecord.Routing?,
        problems: inout [String]
    ) -> PolicyRecord.Answer? {
        switch (spec.values, spec.aliasTarget) {
        case (.some, .some):
            problems.append("values and aliasTarget cannot be used together")
            return nil
        case (nil, nil):
            problems.append("needs values or aliasTarget")
            return nil
        case (nil, .some(let alias)):
            if spec.ttl != nil { problems.append("an alias has no ttl: it answers at its target's TTL") }
            if routing == .multivalue { problems.append("a multiValueAnswer record cannot be an alias") }
            let target: DNSName
            do {
                target = try DNSName(alias.dnsName)
            } catch {
                problems.append(
                    "bad aliasTarget.dnsName '\(alias.dnsName)': \(error.message) "
                        + "(it must be absolute, ending with '.')"
                )
                return nil
            }
            if let name, target == name { problems.append("alias points at itself") }
            return .alias(target: target, evaluateTargetHealth: alias.evaluateTargetHealth)
        case (.some(let values), nil):
            var ttl = PolicySet.defaultTTL
            if let given = spec.ttl {
                if (0...Int(DNSTTL.maximum)).contains(given) {
                    ttl = UInt32(given)
                } else {
                    problems.append("ttl \(given) is not in 0…\(DNSTTL.maximum)")
                }
            }
            guard !values.isEmpty else {
                problems.append("values is empty")
                return nil
            }
            guard let name, let type else { return nil }
            if type == .cname, values.count > 1 { problems.append("a CNAME has exactly one value") }
            var records: [ResourceRecord] = []
            for (offset, value) in values.enumerated() {
                do {
                    let data = try RData(parsing: value, type: type)
                    let record = ResourceRecord(owner: name, type: type, ttl: ttl, data: data)
                    if !records.contains(where: { $0.data == record.data }) { records.append(record) }
                } catch {
                    problems.append("values[\(offset)] '\(value)' is not valid \(type) data: \(error.message)")
                }
            }
            return .records(records)
        }
    }
}
