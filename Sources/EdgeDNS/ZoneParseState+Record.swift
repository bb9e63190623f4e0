/// Why one record line was rejected.
struct ZoneLineError: Error {
    var kind: ZoneFileProblem.Kind
    var message: String

    init(_ kind: ZoneFileProblem.Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

extension ZoneParseState {
    /// Parses `[owner] [ttl] [class] type data` (TTL and class in either order).
    mutating func record(_ entry: ZoneEntry) throws(ZoneLineError) -> ResourceRecord {
        let tokens = entry.tokens
        var index = 0
        let owner: DNSName
        if entry.blankOwner {
            guard let lastOwner else { throw ZoneLineError(.noPreviousOwner, "blank owner but no previous record") }
            owner = lastOwner
        } else {
            do {
                owner = try DNSName(presentation: tokens[0].raw, origin: origin)
            } catch {
                throw ZoneLineError(.badOwner, "bad owner name: \(error.message)")
            }
            index = 1
            lastOwner = owner
            if zoneOrigin == nil && records.isEmpty && tokens.contains(where: { $0.isWord("SOA") }) {
                zoneOrigin = owner
            }
        }
        var ttl: UInt32?
        var recordClass: RecordClass?
        for _ in 0..<2 where index < tokens.count && !tokens[index].quoted {
            let token = tokens[index]
            if ttl == nil && DNSTTL.looksLikeTTL(token.raw) {
                do {
                    ttl = try DNSTTL.parse(token.raw)
                } catch {
                    throw ZoneLineError(.badTTL, error.message)
                }
                index += 1
            } else if recordClass == nil, let parsed = RecordClass(mnemonic: token.text) {
                recordClass = parsed
                index += 1
            }
        }
        guard index < tokens.count else { throw ZoneLineError(.badType, "missing record type") }
        guard let type = RecordType(mnemonic: tokens[index].text), !tokens[index].quoted else {
            throw ZoneLineError(.badType, "unknown record type '\(tokens[index].text)'")
        }
        guard !RecordType.metaTypes.contains(type) else {
            throw ZoneLineError(.badType, "type \(type) cannot appear in a zone file")
        }
        index += 1
        if let recordClass, recordClass != zoneClass {
            throw ZoneLineError(.badClass, "class \(recordClass) differs from the zone's class \(zoneClass)")
        }
        let data: RData
        do {
            data = try RData(tokens: Array(tokens[index...]), type: type, origin: origin)
        } catch {
            throw ZoneLineError(.badRData, "bad \(type) data: \(error.message)")
        }
        return ResourceRecord(
            owner: owner, type: type, recordClass: zoneClass, ttl: try resolveTTL(ttl, data: data), data: data)
    }

    /// The TTL rules BIND follows: an explicit TTL wins (and is remembered); else `$TTL`; else the last
    /// explicit TTL; else, for the SOA, its minimum field (RFC 2308 §4); else an error.
    private mutating func resolveTTL(_ explicit: UInt32?, data: RData) throws(ZoneLineError) -> UInt32 {
        if let explicit {
            lastTTL = explicit
            return explicit
        }
        if let defaultTTL { return defaultTTL }
        if let lastTTL { return lastTTL }
        if case .soa(let soa) = data {
            lastTTL = soa.minimum
            return soa.minimum
        }
        throw ZoneLineError(.badTTL, "no TTL specified and no $TTL or earlier TTL to use")
    }
}
