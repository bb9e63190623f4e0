/// One resource record: owner, type, class, TTL and data.
public struct ResourceRecord: Hashable, Sendable, CustomStringConvertible {
    /// The owner name.
    public var owner: DNSName
    /// The record type (for typed data, the type of the `data` case).
    public var type: RecordType
    /// The class, normally IN.
    public var recordClass: RecordClass
    /// Time to live in seconds.
    public var ttl: UInt32
    /// The record data.
    public var data: RData

    /// Creates a record whose type is taken from typed data.
    /// - Precondition: `data` is not `.unknown` (use `init(owner:type:recordClass:ttl:data:)` for that).
    public init(owner: DNSName, ttl: UInt32, recordClass: RecordClass = .in, data: RData) {
        precondition(data.type != nil, "opaque data needs an explicit record type")
        self.init(owner: owner, type: data.type!, recordClass: recordClass, ttl: ttl, data: data)
    }

    /// Creates a record with an explicit type (needed for `.unknown` data).
    public init(owner: DNSName, type: RecordType, recordClass: RecordClass = .in, ttl: UInt32, data: RData) {
        self.owner = owner
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// `owner ttl class type data`, one line of a zone file.
    public var description: String {
        "\(owner) \(ttl) \(recordClass) \(type) \(data.presentation)"
    }
}
