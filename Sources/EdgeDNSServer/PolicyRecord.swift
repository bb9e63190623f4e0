import EdgeDNS

/// One compiled record of a policy set: how it is routed, its health check, and what it answers.
public struct PolicyRecord: Sendable, Hashable {
    /// The role of a failover record.
    public enum FailoverRole: String, Sendable, Hashable {
        /// Served while healthy (and when both are unhealthy).
        case primary = "PRIMARY"
        /// Served while the primary is unhealthy.
        case secondary = "SECONDARY"
    }

    /// The routing key of the record.
    public enum Routing: Sendable, Hashable {
        /// No routing policy.
        case simple
        /// Weighted, 0…255.
        case weighted(UInt8)
        /// Failover.
        case failover(FailoverRole)
        /// Latency, with the record's region (lower case).
        case latency(region: String)
        /// Geolocation.
        case geolocation(PolicyGeoLocation)
        /// Multivalue answer.
        case multivalue

        /// The policy this key belongs to.
        public var policy: RoutingPolicy {
            switch self {
            case .simple: .simple
            case .weighted: .weighted
            case .failover: .failover
            case .latency: .latency
            case .geolocation: .geolocation
            case .multivalue: .multivalue
            }
        }
    }

    /// What the record answers with.
    public enum Answer: Sendable, Hashable {
        /// These records (owner = the policy name, the record's TTL).
        case records([ResourceRecord])
        /// The records of the same type at `target` (same zone), at the target's TTL.
        case alias(target: DNSName, evaluateTargetHealth: Bool)
    }

    /// The record's set identifier (nil for a simple record).
    public var setIdentifier: String?
    /// The routing key.
    public var routing: Routing
    /// The health check deciding whether the record may be served; nil for always healthy.
    public var healthCheckId: String?
    /// The answer.
    public var answer: Answer
    /// The record's index in the document's `records`.
    public var index: Int

    /// Creates a record.
    public init(setIdentifier: String?, routing: Routing, healthCheckId: String? = nil, answer: Answer, index: Int) {
        self.setIdentifier = setIdentifier
        self.routing = routing
        self.healthCheckId = healthCheckId
        self.answer = answer
        self.index = index
    }

    /// The weight of a weighted record, else 0.
    var weight: UInt64 {
        if case .weighted(let weight) = routing { return UInt64(weight) }
        return 0
    }
}
