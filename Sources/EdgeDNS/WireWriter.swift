/// Builds a DNS message, compressing names against those already written (RFC 1035 §4.1.4).
/// Suffixes match byte for byte, so a pointer never changes the case of what was asked to be written.
///
/// Compression targets are the offsets where a run of labels was written; a name's suffix is looked
/// up by comparing its labels with the message bytes at each target (following the pointers there),
/// newest target first. A response holds a few dozen targets at most, so this linear search costs
/// less than hashing each suffix, and it allocates nothing.
struct WireWriter {
    private(set) var bytes: [UInt8] = []
    /// Offsets (below 0x4000) where a label of a written name starts, in increasing order; each is
    /// the start of that name's suffix from this label on. Packed with the suffix's label count
    /// (`offset << 8 | labels`) so that a lookup skips suffixes of another length without reading them.
    private var targets: [Int] = []

    init() {
        bytes.reserveCapacity(512)
        // A typical response writes a dozen or two label runs: one allocation instead of five regrowths.
        targets.reserveCapacity(32)
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
        while let last = targets.last, last >> 8 >= offset { targets.removeLast() }
    }

    /// Writes a name, as a pointer to an earlier identical suffix when `compress` is set. Every suffix
    /// written (compressed or not) becomes a target for later names.
    mutating func name(_ name: DNSName, compress: Bool) {
        let labels = name.labels
        for index in labels.indices {
            if compress, let target = target(matching: labels, from: index) {
                u16(0xC000 | UInt16(target))
                return
            }
            if bytes.count < 0x3FFF { targets.append(bytes.count << 8 | min(labels.count - index, 0xFF)) }
            bytes.append(UInt8(labels[index].count))
            bytes += labels[index]
        }
        bytes.append(0)
    }

    /// The newest target whose name equals `labels[from...]` byte for byte.
    private func target(matching labels: [[UInt8]], from first: Int) -> Int? {
        let count = min(labels.count - first, 0xFF)
        for target in targets.reversed() where target & 0xFF == count {
            if suffix(at: target >> 8, equals: labels, from: first) { return target >> 8 }
        }
        return nil
    }

    /// Whether the name written at `offset` (pointers followed) is exactly `labels[first...]`.
    private func suffix(at offset: Int, equals labels: [[UInt8]], from first: Int) -> Bool {
        bytes.withUnsafeBufferPointer { written in
            var position = offset
            var index = first
            // Pointers written by this writer always point backwards, so the walk ends.
            while true {
                var length = written[position]
                while length & 0xC0 == 0xC0 {
                    position = Int(length & 0x3F) << 8 | Int(written[position + 1])
                    length = written[position]
                }
                if length == 0 { return index == labels.count }
                guard index < labels.count else { return false }
                let equal = labels[index].withUnsafeBufferPointer { label in
                    guard label.count == Int(length) else { return false }
                    for (offset, byte) in label.enumerated() where written[position + 1 + offset] != byte {
                        return false
                    }
                    return true
                }
                guard equal else { return false }
                position += 1 + Int(length)
                index += 1
            }
        }
    }
}
