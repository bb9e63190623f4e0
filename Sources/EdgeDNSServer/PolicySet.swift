import EdgeDNS

/// The compiled routing policies of a policies document: one `PolicyRecordSet` per name and type.
/// Immutable; build a new one to reload.
///
/// ```swift
/// let policies = try PolicySet(document: document)          // throws PolicyError with every problem
/// let zones = try AuthoritativeZoneSet(policies.applied(to: parsedZones))
/// let source = PolicyRecordSource(policies: policies, networks: networks, health: healthTable)
/// let engine = AnswerEngine(records: source)
/// ```
public struct PolicySet: Sendable {
    /// The TTL of records given without one (Route 53's console default).
    public static let defaultTTL: UInt32 = 300

    /// The empty set: every RRset comes from the fallback source.
    public static let empty = PolicySet(sets: [])

    /// The sets, in the order their names and types first appear in the document.
    public let recordSets: [PolicyRecordSet]
    private let byKey: [PolicyKey: Int]

    private init(sets: [PolicyRecordSet]) {
        recordSets = sets
        var byKey: [PolicyKey: Int] = [:]
        for (offset, set) in sets.enumerated() { byKey[PolicyKey(name: set.name, type: set.type)] = offset }
        self.byKey = byKey
    }

    /// Validates and compiles a decoded document.
    /// - Throws: `PolicyError` with every problem found.
    public init(document: PolicyDocument) throws(PolicyError) {
        try self.init(records: document.records)
    }

    /// Validates and compiles record specs (index = position in `records`).
    /// - Throws: `PolicyError` with every problem found: names, types and values that do not parse,
    ///   weights outside 0…255, failover roles other than PRIMARY/SECONDARY or repeated, a missing or
    ///   repeated `setIdentifier`, mixed policies at one name and type, aliases that are relative or loop.
    public init(records specs: [PolicyRecordSpec]) throws(PolicyError) {
        var problems: [PolicyProblem] = []
        var sets: [PolicyRecordSet] = []
        var setIndex: [PolicyKey: Int] = [:]
        for (index, spec) in specs.enumerated() {
            let compiled = PolicySpecCompiler.compile(spec, index: index)
            problems += compiled.problems.map { PolicyProblem(index: index, message: $0) }
            guard let (name, type, record) = compiled.record else { continue }
            let key = PolicyKey(name: name, type: type)
            guard let offset = setIndex[key] else {
                setIndex[key] = sets.count
                sets.append(PolicyRecordSet(name: name, type: type, policy: record.routing.policy, records: [record]))
                continue
            }
            if let message = Self.conflict(of: record, with: sets[offset]) {
                problems.append(PolicyProblem(index: index, message: message))
            } else {
                sets[offset].records.append(record)
            }
        }
        problems += Self.cnameConflicts(sets) + Self.aliasLoops(sets)
        guard problems.isEmpty else {
            throw PolicyError(problems: problems.sorted { ($0.index ?? -1) < ($1.index ?? -1) })
        }
        self.init(sets: sets)
    }

    /// The set for `name` and `type`, if the document has one (names compare case-insensitively).
    public func recordSet(name: DNSName, type: RecordType) -> PolicyRecordSet? {
        byKey[PolicyKey(name: name, type: type)].map { recordSets[$0] }
    }

    /// Whether the document has no records.
    public var isEmpty: Bool { recordSets.isEmpty }

    /// Why `record` cannot join `set`, if it cannot.
    private static func conflict(of record: PolicyRecord, with set: PolicyRecordSet) -> String? {
        let first = set.records[0]
        guard record.routing.policy == set.policy else {
            return "\(set.name) \(set.type) is already \(set.policy) (records[\(first.index)]); "
                + "one routing policy per name and type"
        }
        switch record.routing {
        case .simple:
            return "a second simple record for \(set.name) \(set.type) (first: records[\(first.index)]); "
                + "put all the values in one record"
        case .failover(let role):
            if let other = set.records.first(where: { $0.routing == .failover(role) }) {
                return "\(set.name) \(set.type) already has a \(role.rawValue) record (records[\(other.index)])"
            }
        case .geolocation(let location):
            if let other = set.records.first(where: { $0.routing == .geolocation(location) }) {
                return "geoLocation \(location) is already used by records[\(other.index)]"
            }
        default: break
        }
        if let other = set.records.first(where: { $0.setIdentifier == record.setIdentifier }) {
            return "setIdentifier '\(record.setIdentifier ?? "")' is already used by records[\(other.index)]"
        }
        return nil
    }

    /// A CNAME set at a name that also has a set of another type.
    private static func cnameConflicts(_ sets: [PolicyRecordSet]) -> [PolicyProblem] {
        var problems: [PolicyProblem] = []
        let cnames = sets.filter { $0.type == .cname }
        for cname in cnames {
            for other in sets where other.type != .cname && other.name == cname.name {
                problems.append(
                    PolicyProblem(
                        index: max(cname.records[0].index, other.records[0].index),
                        message: "\(cname.name) has a CNAME and \(other.type) records; a CNAME allows no other data"))
            }
        }
        return problems
    }

    /// Aliases that lead back to themselves through other policy aliases of the same type.
    private static func aliasLoops(_ sets: [PolicyRecordSet]) -> [PolicyProblem] {
        var index: [PolicyKey: PolicyRecordSet] = [:]
        for set in sets { index[PolicyKey(name: set.name, type: set.type)] = set }
        func targets(of set: PolicyRecordSet) -> [PolicyKey] {
            set.records.compactMap {
                if case .alias(let target, _) = $0.answer { return PolicyKey(name: target, type: set.type) }
                return nil
            }
        }
        var problems: [PolicyProblem] = []
        var reported: Set<PolicyKey> = []
        for set in sets {
            let start = PolicyKey(name: set.name, type: set.type)
            guard !reported.contains(start) else { continue }
            // Depth-first search for a path back to `start`.
            var stack: [(PolicyKey, [DNSName])] = targets(of: set).map { ($0, [set.name, $0.name]) }
            var seen: Set<PolicyKey> = []
            while let (key, path) = stack.popLast() {
                if key == start {
                    reported.formUnion(path.map { PolicyKey(name: $0, type: set.type) })
                    problems.append(
                        PolicyProblem(
                            index: set.records[0].index,
                            message: "alias loop: " + path.map(\.description).joined(separator: " → ")))
                    break
                }
                guard seen.insert(key).inserted, let next = index[key] else { continue }
                stack += targets(of: next).map { ($0, path + [$0.name]) }
            }
        }
        return problems
    }
}

/// A policy set's key: name (case-insensitive) and type.
struct PolicyKey: Hashable, Sendable {
    var name: DNSName
    var type: RecordType
}
