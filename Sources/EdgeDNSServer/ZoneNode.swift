import EdgeDNS

/// The records at one owner name of a zone, grouped into RRsets in zone-file order.
public struct ZoneNode: Sendable, Hashable {
    /// The owner name, in the case of its first record in the zone file.
    public let owner: DNSName
    /// The types present, in the order they first appear in the zone file.
    public private(set) var types: [RecordType] = []
    private var rrsets: [RecordType: [ResourceRecord]] = [:]

    /// Creates an empty node (an empty non-terminal has no types).
    public init(owner: DNSName) {
        self.owner = owner
    }

    /// The RRset of `type` (owner set to `owner`, every TTL the RRset's first one), or empty.
    public func rrset(_ type: RecordType) -> [ResourceRecord] { rrsets[type] ?? [] }

    /// Whether the node has no records (an empty non-terminal).
    public var isEmpty: Bool { types.isEmpty }

    /// Adds a record, dropping exact duplicates (RFC 2181 §5: an RRset is a set) and giving it the
    /// RRset's TTL (RFC 2181 §5.2, as BIND: the first record's).
    mutating func add(_ record: ResourceRecord) {
        var record = record
        record.owner = owner
        guard var set = rrsets[record.type] else {
            types.append(record.type)
            rrsets[record.type] = [record]
            return
        }
        record.ttl = set[0].ttl
        guard !set.contains(where: { $0.data == record.data }) else { return }
        set.append(record)
        rrsets[record.type] = set
    }
}
