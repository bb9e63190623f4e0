import EdgeDNS
import NIOConcurrencyHelpers

/// The Route 53 routing-policy layer: a `RecordSource` answering the names and types of a `PolicySet`
/// by their routing policy (weighted, failover, latency, geolocation, multivalue, simple and alias
/// records) and every other RRset from a fallback source (the zone file). Pure apart from the injected
/// health state and random source; thread-safe.
///
/// Health: a record whose `healthCheckId` the provider reports unhealthy, or an alias with
/// `evaluateTargetHealth` whose target has no healthy record, is left out; when every candidate is
/// unhealthy they are all considered (as Route 53 does). Client location comes from the query's EDNS
/// Client Subnet when present (source prefix > 0), else from its source address, through the
/// `ClientNetworkTable`.
///
/// ```swift
/// let policies = try PolicySet(document: document)
/// let zones = try AuthoritativeZoneSet(policies.applied(to: parsedZones))
/// let source = PolicyRecordSource(policies: policies, networks: networks, health: healthTable)
/// let server = DNSServer(group: group, zones: zones, engine: AnswerEngine(records: source), logger: logger)
/// ```
public final class PolicyRecordSource: RecordSource {
    /// What a reload replaces: the policies and the tables they are evaluated with.
    public struct Configuration: Sendable {
        /// The compiled policies.
        public var policies: PolicySet
        /// Client networks for latency and geolocation routing.
        public var networks: ClientNetworkTable
        /// Region distances for latency routing.
        public var regionProximity: PolicyRegionProximity

        /// Creates a configuration.
        public init(
            policies: PolicySet = .empty, networks: ClientNetworkTable = .empty,
            regionProximity: PolicyRegionProximity = PolicyRegionProximity()
        ) {
            self.policies = policies
            self.networks = networks
            self.regionProximity = regionProximity
        }
    }

    /// The most records a multivalue answer has (Route 53: eight).
    public static let multivalueLimit = 8
    /// The most aliases followed for one RRset; deeper chains answer nothing.
    public static let maximumAliasDepth = 8

    /// Health-check states.
    public let health: any HealthStateProvider
    /// Where RRsets without policy records come from.
    public let fallback: any RecordSource
    /// The random source of weighted and multivalue routing.
    public let random: PolicyRandom
    /// The configuration in use, behind a reference so that a query reads it with one lock and one
    /// retain, without copying the struct.
    private let state: NIOLockedValueBox<Snapshot>

    /// An immutable configuration, shared by the queries that started while it was current.
    final class Snapshot: Sendable {
        let configuration: Configuration
        /// Whether there are no policies (every RRset comes from the fallback).
        let isEmpty: Bool

        init(_ configuration: Configuration) {
            self.configuration = configuration
            self.isEmpty = configuration.policies.isEmpty
        }
    }

    /// Creates a source.
    /// - Parameters:
    ///   - configuration: The policies, client networks and region distances.
    ///   - health: Health-check states (default: an empty table, everything healthy).
    ///   - fallback: The source of RRsets without policy records (default: the zone file's).
    ///   - random: The random source (default: the system's).
    public init(
        configuration: Configuration, health: any HealthStateProvider = HealthStateTable(),
        fallback: any RecordSource = StaticRecordSource(), random: PolicyRandom = .system
    ) {
        self.state = NIOLockedValueBox(Snapshot(configuration))
        self.health = health
        self.fallback = fallback
        self.random = random
    }

    /// Creates a source from its parts.
    public convenience init(
        policies: PolicySet, networks: ClientNetworkTable = .empty,
        regionProximity: PolicyRegionProximity = PolicyRegionProximity(),
        health: any HealthStateProvider = HealthStateTable(), fallback: any RecordSource = StaticRecordSource(),
        random: PolicyRandom = .system
    ) {
        self.init(
            configuration: Configuration(policies: policies, networks: networks, regionProximity: regionProximity),
            health: health, fallback: fallback, random: random)
    }

    /// The configuration in use.
    public var configuration: Configuration { snapshot.configuration }

    /// The current snapshot.
    var snapshot: Snapshot { state.withLockedValue { $0 } }

    /// Uses `configuration` from the next query on (reload). Swap the zone set, built with
    /// `PolicySet.applied(to:)` from the same policies, at the same time.
    public func replaceConfiguration(_ configuration: Configuration) {
        let snapshot = Snapshot(configuration)
        state.withLockedValue { $0 = snapshot }
    }

    /// The RRset chosen by the policy of `node`'s name and `type`, or the fallback's if it has none.
    public func rrset(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, context: QueryContext)
        -> [ResourceRecord]
    {
        let snapshot = self.snapshot
        guard !snapshot.isEmpty, let set = snapshot.configuration.policies.recordSet(name: node.owner, type: type)
        else { return fallback.rrset(at: node, type: type, in: zone, context: context) }
        return PolicySelector(
            configuration: snapshot.configuration, health: health, fallback: fallback, random: random,
            context: context
        ).answer(set, in: zone, depth: 0)
    }

    /// Whether the RRset can differ with the client's location: its policy is latency or geolocation,
    /// or it has an alias (followed up to `maximumAliasDepth`) to such an RRset; else the fallback's
    /// answer.
    public func isLocationDependent(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone) -> Bool {
        isLocationDependent(at: node, type: type, in: zone, policies: snapshot.configuration.policies, depth: 0)
    }

    /// Whether the RRset has no policy records (it is the fallback's, and the fallback's is fixed).
    /// Any routing policy or alias counts as not fixed: weights, health and aliases' targets change.
    public func isFixed(at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone) -> Bool {
        let snapshot = self.snapshot
        guard snapshot.isEmpty || snapshot.configuration.policies.recordSet(name: node.owner, type: type) == nil
        else { return false }
        return fallback.isFixed(at: node, type: type, in: zone)
    }

    /// The RRset and whether it is fixed, with one look at the policies.
    public func rrsetAndFixedness(
        at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, context: QueryContext
    ) -> (records: [ResourceRecord], isFixed: Bool) {
        let snapshot = self.snapshot
        guard !snapshot.isEmpty, let set = snapshot.configuration.policies.recordSet(name: node.owner, type: type)
        else { return fallback.rrsetAndFixedness(at: node, type: type, in: zone, context: context) }
        let records = PolicySelector(
            configuration: snapshot.configuration, health: health, fallback: fallback, random: random,
            context: context
        ).answer(set, in: zone, depth: 0)
        return (records, false)
    }

    private func isLocationDependent(
        at node: ZoneNode, type: RecordType, in zone: AuthoritativeZone, policies: PolicySet, depth: Int
    ) -> Bool {
        guard let set = policies.recordSet(name: node.owner, type: type) else {
            return fallback.isLocationDependent(at: node, type: type, in: zone)
        }
        if set.policy == .latency || set.policy == .geolocation { return true }
        guard depth < Self.maximumAliasDepth else { return false }
        return set.records.contains { record in
            guard case .alias(let target, _) = record.answer, let next = PolicySelector.node(for: target, in: zone)
            else { return false }
            return isLocationDependent(at: next, type: type, in: zone, policies: policies, depth: depth + 1)
        }
    }

    /// The records the policy of `set` chooses for a query (for diagnostics and tests; aliases resolve
    /// in `zone`).
    public func answer(_ set: PolicyRecordSet, in zone: AuthoritativeZone, context: QueryContext) -> [ResourceRecord] {
        PolicySelector(
            configuration: configuration, health: health, fallback: fallback, random: random, context: context
        ).answer(set, in: zone, depth: 0)
    }
}
