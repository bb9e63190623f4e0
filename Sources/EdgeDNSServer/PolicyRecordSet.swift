import EdgeDNS

/// The records sharing one name and type, all under one routing policy.
public struct PolicyRecordSet: Sendable, Hashable {
    /// The owner name, as first written.
    public var name: DNSName
    /// The record type.
    public var type: RecordType
    /// The routing policy.
    public var policy: RoutingPolicy
    /// The records, in document order.
    public var records: [PolicyRecord]

    /// Creates a set.
    public init(name: DNSName, type: RecordType, policy: RoutingPolicy, records: [PolicyRecord]) {
        self.name = name
        self.type = type
        self.policy = policy
        self.records = records
    }

    /// `www.example.test. A (weighted)`.
    var label: String { "\(name) \(type) (\(policy))" }
}
