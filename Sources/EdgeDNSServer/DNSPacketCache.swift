import NIOCore

/// Encoded UDP responses by the bytes of the query they answer, ID excepted (as PowerDNS's packet
/// cache): a query whose bytes after the ID equal an earlier one's gets that earlier response again,
/// with its own ID, without being decoded or answered. Only responses the engine built from fixed
/// data (no routing policy, health state or random choice: `AnswerEngine`'s cacheable answers) are
/// stored, and only for the zone set they came from: a new set (reload) empties the cache. Bounded
/// by `capacity` bytes; when full it starts again empty. Pure; one per UDP listener, used on its
/// event loop only.
struct DNSPacketCache {
    /// What an entry costs beyond its key and response bytes (dictionary slot, two buffers).
    static let entryOverhead = 96
    /// The default capacity: 8 MiB (tens of thousands of typical responses).
    static let defaultCapacity = 8 << 20

    /// The most bytes held (keys, responses, overhead); 0 turns the cache off.
    let capacity: Int
    private var entries: [ByteBuffer: ByteBuffer] = [:]
    private var size = 0
    /// The zone set the entries were answered from.
    private var generation: AuthoritativeZoneSet.Generation?

    /// Creates an empty cache.
    init(capacity: Int = Self.defaultCapacity) {
        self.capacity = capacity
    }

    /// The number of responses held.
    var count: Int { entries.count }

    /// Whether the cache stores anything at all.
    var isEnabled: Bool { capacity > 0 }

    /// The cached response to `query` (a whole DNS message) from `zones`, its ID set to the query's;
    /// nil if there is none.
    mutating func response(to query: ByteBuffer, zones: AuthoritativeZoneSet) -> ByteBuffer? {
        guard !entries.isEmpty, let id = query.getInteger(at: query.readerIndex, as: UInt16.self),
            let key = query.getSlice(at: query.readerIndex + 2, length: query.readableBytes - 2)
        else { return nil }
        guard generation === zones.generation else {
            clear()
            return nil
        }
        guard var response = entries[key] else { return nil }
        response.setInteger(id, at: response.readerIndex)
        return response
    }

    /// Stores `response` (encoded) to `query` (a whole DNS message of at least a header) from `zones`.
    mutating func store(_ response: ByteBuffer, for query: ByteBuffer, zones: AuthoritativeZoneSet) {
        guard capacity > 0, query.readableBytes >= 12 else { return }
        if generation !== zones.generation {
            clear()
            generation = zones.generation
        }
        // A copy of the key: a slice would keep the whole receive buffer alive.
        var key = ByteBufferAllocator().buffer(capacity: query.readableBytes - 2)
        key.writeImmutableBuffer(query.getSlice(at: query.readerIndex + 2, length: query.readableBytes - 2)!)
        let cost = key.readableBytes + response.readableBytes + Self.entryOverhead
        guard cost <= capacity, entries[key] == nil else { return }
        if size + cost > capacity { clear() }
        entries[key] = response
        size += cost
    }

    /// Forgets every response.
    mutating func clear() {
        entries.removeAll(keepingCapacity: true)
        size = 0
    }
}
