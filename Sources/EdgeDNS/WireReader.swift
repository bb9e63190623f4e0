/// A bounds-checked cursor over a DNS message. Every read checks the remaining length and throws
/// `DNSWireError` instead of trapping.
struct WireReader {
    /// The whole message (compression pointers refer to offsets in it).
    let bytes: [UInt8]
    /// The next offset to read.
    var position: Int
    /// Reads stop here (the end of the message, or of the current record's data).
    var limit: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.limit = bytes.count
    }

    var remaining: Int { limit - position }

    mutating func u8() throws(DNSWireError) -> UInt8 {
        guard position < limit else { throw .truncated(offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16() throws(DNSWireError) -> UInt16 {
        guard limit - position >= 2 else { throw .truncated(offset: position) }
        defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }

    mutating func u32() throws(DNSWireError) -> UInt32 {
        guard limit - position >= 4 else { throw .truncated(offset: position) }
        defer { position += 4 }
        return UInt32(bytes[position]) << 24 | UInt32(bytes[position + 1]) << 16
            | UInt32(bytes[position + 2]) << 8 | UInt32(bytes[position + 3])
    }

    mutating func take(_ count: Int) throws(DNSWireError) -> [UInt8] {
        guard count >= 0, limit - position >= count else { throw .truncated(offset: position) }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// A length-prefixed character-string.
    mutating func characterString() throws(DNSWireError) -> [UInt8] {
        let length = try u8()
        return try take(Int(length))
    }

    /// Reads a possibly compressed name. A pointer must point strictly before the start of the run of
    /// labels that contains it, so every chain of pointers ends; labels of 64+ bytes (types 0x40, 0x80)
    /// and names over 255 bytes are rejected. The name's first bytes must lie within `limit`; pointers
    /// may reach anywhere earlier in the message.
    mutating func name() throws(DNSWireError) -> DNSName {
        let start = position
        var labels: [[UInt8]] = []
        var offset = position
        var segmentStart = position
        var end = limit
        var jumped = false
        var length = 1
        while true {
            guard offset < end else { throw .truncated(offset: offset) }
            let byte = bytes[offset]
            switch byte & 0xC0 {
            case 0x00:
                if byte == 0 {
                    if !jumped { position = offset + 1 }
                    return DNSName(uncheckedLabels: labels)
                }
                let count = Int(byte)
                guard end - offset > count else { throw .truncated(offset: offset) }
                length += 1 + count
                guard length <= 255 else { throw .nameTooLong(offset: start) }
                labels.append(Array(bytes[offset + 1...offset + count]))
                offset += 1 + count
            case 0xC0:
                guard end - offset >= 2 else { throw .truncated(offset: offset) }
                let target = Int(byte & 0x3F) << 8 | Int(bytes[offset + 1])
                guard target < segmentStart else { throw .badPointer(offset: offset) }
                if !jumped {
                    position = offset + 2
                    jumped = true
                    end = bytes.count
                }
                segmentStart = target
                offset = target
            default:
                throw .badLabelType(offset: offset)
            }
        }
    }
}
