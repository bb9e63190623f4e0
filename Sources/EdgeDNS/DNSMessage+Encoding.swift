extension DNSMessage {
    /// Encodes the message with name compression (pointers only to byte-identical earlier names, so the
    /// case of every name is kept exactly as given).
    ///
    /// With `maxSize`, records that would push the message past it are dropped whole, from the first one
    /// that does not fit to the end; the question and the OPT record are always kept. Dropping an
    /// answer or authority record sets TC; dropping only additional records does not (RFC 2181 §9).
    /// - Parameter maxSize: The largest message wanted (the client's EDNS UDP size, or 512); nil for none.
    /// - Returns: the bytes, and whether TC was set because of truncation.
    public func encode(maxSize: Int? = nil) -> (bytes: [UInt8], truncated: Bool) {
        var writer = WireWriter()
        writer.u16(header.id)
        writer.u16(header.flags)
        for _ in 0..<4 { writer.u16(0) }
        for question in questions {
            writer.name(question.name, compress: true)
            writer.u16(question.type.rawValue)
            writer.u16(question.questionClass.rawValue)
        }
        let reserve = edns?.wireSize ?? 0
        let limit = maxSize.map { $0 - reserve } ?? Int.max
        // Question, answer, authority and additional counts (the OPT record is added to the last).
        var counts: (Int, Int, Int, Int) = (questions.count, 0, 0, 0)
        var truncated = false
        var full = false
        for section in 1...3 where !full {
            let records = section == 1 ? answers : section == 2 ? authority : additional
            var written = 0
            for record in records {
                let mark = writer.count
                let fits = Self.write(record, into: &writer)
                if fits, writer.count <= limit {
                    written += 1
                    continue
                }
                writer.truncate(to: mark)
                guard fits else { continue }
                full = true
                truncated = section < 3
                break
            }
            switch section {
            case 1: counts.1 = written
            case 2: counts.2 = written
            default: counts.3 = written
            }
        }
        if let edns {
            writer.u8(0)
            writer.u16(RecordType.opt.rawValue)
            writer.u16(edns.udpPayloadSize)
            writer.u32(
                UInt32(header.rcode.rawValue >> 4) << 24 | UInt32(edns.version) << 16 | (edns.dnssecOK ? 0x8000 : 0))
            writer.u16(UInt16(clamping: edns.wireSize - 11))
            for option in edns.options {
                writer.u16(option.code)
                writer.u16(UInt16(clamping: option.data.count))
                writer.append(option.data)
            }
            counts.3 += 1
        }
        writer.patch16(UInt16(clamping: counts.0), at: 4)
        writer.patch16(UInt16(clamping: counts.1), at: 6)
        writer.patch16(UInt16(clamping: counts.2), at: 8)
        writer.patch16(UInt16(clamping: counts.3), at: 10)
        if truncated { writer.patch16(header.flags | 0x0200, at: 2) }
        return (writer.bytes, truncated)
    }

    /// Writes one record; false (with partial output left for the caller to drop) if its data is longer
    /// than 65535 bytes.
    private static func write(_ record: ResourceRecord, into writer: inout WireWriter) -> Bool {
        writer.name(record.owner, compress: true)
        writer.u16(record.type.rawValue)
        writer.u16(record.recordClass.rawValue)
        writer.u32(record.ttl)
        let lengthOffset = writer.count
        writer.u16(0)
        record.data.encode(into: &writer, compress: true)
        let length = writer.count - lengthOffset - 2
        guard length <= 0xFFFF else { return false }
        writer.patch16(UInt16(length), at: lengthOffset)
        return true
    }
}
