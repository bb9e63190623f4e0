/// Builds a DNS message, compressing names against those already written (RFC 1035 §4.1.4).
/// Suffixes match byte for byte, so a pointer never changes the case of what was asked to be written.
struct WireWriter {
    private(set) var bytes: [UInt8] = []
    /// Offsets of name suffixes already written, keyed by their uncompressed wire form.
    private var suffixes: [[UInt8]: Int] = [:]

    init() {
        bytes.reserveCapacity(512)
    }

    var count: Int { bytes.count }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func u32(_ value: UInt32) {
        bytes.append(UInt8(value >> 24))
        bytes.append(UInt8(value >> 16 & 0xFF))
        bytes.append(UInt8(value >> 8 & 0xFF))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func append(_ data: [UInt8]) { bytes += data }

    /// A length-prefixed character-string (the caller keeps it at most 255 bytes).
    mutating func characterString(_ data: [UInt8]) {
        let length = min(data.count, 255)
        bytes.append(UInt8(length))
        bytes += data[0..<length]
    }

    /// Overwrites two bytes at `offset` (used to patch RDLENGTH and counts).
    mutating func patch16(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }

    /// Drops everything from `offset` on, and forgets names written there.
    mutating func truncate(to offset: Int) {
        bytes.removeSubrange(offset...)
        suffixes = suffixes.filter { $0.value < offset }
    }

    /// Writes a name, as a pointer to an earlier identical suffix when `compress` is set. Every suffix
    /// written (compressed or not) becomes a target for later names.
    mutating func name(_ name: DNSName, compress: Bool) {
        let labels = name.labels
        var wire: [UInt8] = []
        wire.reserveCapacity(name.wireLength)
        var starts: [Int] = []
        for label in labels {
            starts.append(wire.count)
            wire.append(UInt8(label.count))
            wire += label
        }
        wire.append(0)
        for (index, labelStart) in starts.enumerated() {
            let suffix = Array(wire[labelStart...])
            if compress, let target = suffixes[suffix] {
                u16(0xC000 | UInt16(target))
                return
            }
            if bytes.count < 0x3FFF { suffixes[suffix] = bytes.count }
            bytes += wire[labelStart..<(index + 1 < starts.count ? starts[index + 1] : wire.count - 1)]
        }
        bytes.append(0)
    }
}
