/// Host-header normalisation shared by distribution lookup: strip a `:port` (also after an IPv6 literal
/// `[::1]:8443`), strip one trailing `.`, compare ASCII-case-insensitively.
public enum HostName {
    /// The normalised form of a `Host` header or `:authority` value: port and one trailing dot removed,
    /// ASCII lowercased. `Example.TEST.:8080` → `example.test`; `[::1]:8443` → `[::1]`. Allocates; the
    /// lookup path uses the non-allocating span form internally.
    public static func normalized(_ host: Substring) -> String {
        let bytes = Array(host.utf8)
        return bytes.withUnsafeBytes { raw in
            let span = span(of: raw)
            return String(decoding: raw[span].map(lowercased), as: UTF8.self)
        }
    }

    /// The byte range of the host name inside `raw`, after removing a port and one trailing dot.
    static func span(of raw: UnsafeRawBufferPointer) -> Range<Int> {
        var end = raw.count
        if raw.first == UInt8(ascii: "[") {
            // IPv6 literal: keep through the closing bracket, drop whatever follows (":port").
            var index = 1
            while index < raw.count, raw[index] != UInt8(ascii: "]") { index += 1 }
            end = index < raw.count ? index + 1 : raw.count
            return 0..<end
        }
        var index = 0
        while index < end {
            if raw[index] == UInt8(ascii: ":") {
                end = index
                break
            }
            index += 1
        }
        if end > 0, raw[end - 1] == UInt8(ascii: ".") { end -= 1 }
        return 0..<end
    }

    /// ASCII lowercase of one byte; other bytes unchanged.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}

/// A small open-addressing hash table from ASCII-case-insensitive host names to distribution indices,
/// probed straight from request bytes so a lookup hashes and compares in place without allocating. A final
/// class with flat storage, so copying the table (or a struct holding it) costs one retain.
final class HostTable: Sendable {
    /// Entry index per slot, -1 when empty; the count is a power of two.
    private let slots: [Int32]
    /// All keys, concatenated; entry `e` is `keyBytes[keyStarts[e] ..< keyStarts[e + 1]]`.
    private let keyBytes: [UInt8]
    private let keyStarts: [Int]
    private let hashes: [UInt64]
    private let values: [Int]

    /// Builds the table; for duplicate keys the first pair wins. Keys must already be lowercase.
    init(_ pairs: [(key: [UInt8], value: Int)]) {
        var capacity = 8
        while capacity < pairs.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        var keys: [[UInt8]] = []
        var hashes: [UInt64] = []
        var values: [Int] = []
        for pair in pairs {
            let hash = pair.key.withUnsafeBytes { Self.hash($0, 0..<$0.count) }
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            var duplicate = false
            while slots[slot] >= 0 {
                if keys[Int(slots[slot])] == pair.key {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            guard !duplicate else { continue }
            slots[slot] = Int32(keys.count)
            keys.append(pair.key)
            hashes.append(hash)
            values.append(pair.value)
        }
        self.slots = slots
        self.keyBytes = keys.flatMap { $0 }
        self.keyStarts = keys.reduce(into: [0]) { starts, key in starts.append(starts.last! + key.count) }
        self.hashes = hashes
        self.values = values
    }

    /// Number of distinct keys.
    var count: Int { values.count }

    /// The value for the (case-insensitive) key `raw[range]`, if any.
    func value(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard !values.isEmpty, !range.isEmpty else { return nil }
        let hash = Self.hash(raw, range)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash, equal(entry, raw, range) { return values[entry] }
            slot = (slot + 1) & mask
        }
    }

    /// FNV-1a over the lowercased bytes.
    private static func hash(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in range {
            hash = (hash ^ UInt64(HostName.lowercased(raw[index]))) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private func equal(_ entry: Int, _ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        let start = keyStarts[entry]
        guard keyStarts[entry + 1] - start == range.count else { return false }
        return keyBytes.withUnsafeBufferPointer { key in
            var offset = start
            for index in range {
                if key[offset] != HostName.lowercased(raw[index]) { return false }
                offset += 1
            }
            return true
        }
    }
}
