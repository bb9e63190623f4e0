import EdgeDNS

/// The records at one owner name of a zone, grouped into RRsets in zone-file order.
public struct ZoneNode: Sendable, Hashable {
    /// The owner name, in the case of its first record in the zone file.
    public let owner: DNSName
    /// The types present, in the order they first appear in the zone file.
    public private(set) var types: [RecordType] = []
    /// The RRsets, in the order of `types` (a node has few types: a scan beats hashing the type).
    private var rrsets: [[ResourceRecord]] = []

    /// Creates an empty node (an empty non-terminal has no types).
    public init(owner: DNSName) {
        self.owner = owner
    }

    /// The RRset of `type` (owner set to `owner`, every TTL the RRset's first one), or empty.
    public func rrset(_ type: RecordType) -> [ResourceRecord] {
        for index in types.indices where types[index] == type { return rrsets[index] }
        return []
    }

    /// Whether the node has no records (an empty non-terminal).
    public var isEmpty: Bool { types.isEmpty }

    /// Adds a record, dropping exact duplicates (RFC 2181 §5: an RRset is a set) and giving it the
    /// RRset's TTL (RFC 2181 §5.2, as BIND: the first record's).
    mutating func add(_ record: ResourceRecord) {
        var record = record
        record.owner = owner
        guard let index = types.firstIndex(of: record.type) else {
            types.append(record.type)
            rrsets.append([record])
            return
        }
        record.ttl = rrsets[index][0].ttl
        guard !rrsets[index].contains(where: { $0.data == record.data }) else { return }
        rrsets[index].append(record)
    }
}
