#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Byte-level helpers shared by the HTTP/1.1 parsers (origin responses, viewer requests).

extension UnsafeRawBufferPointer {
    /// The index of the first LF at or after `start` (`memchr`, vectorised in libc).
    @inlinable
    public func indexOfLF(from start: Int) -> Int? {
        guard start < count, let base = baseAddress else { return nil }
        guard let found = memchr(base + start, 0x0A, count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The index of the first `byte` in `start..<end`.
    @inlinable
    public func index(of byte: UInt8, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Whether `start..<end` holds a control character other than HTAB, or DEL (not allowed in a
    /// field value, RFC 9110 §5.5). Eight bytes at a time: a word with no byte below 0x20 and none
    /// equal to 0x7F is skipped; one that has some is checked byte by byte (tabs land there too).
    public func containsControlBytes(from start: Int, to end: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i + 8 <= end {
            let x = loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below20 = (x &- ones &* 0x20) & ~x & highs
            let del = x ^ (ones &* 0x7F)
            let is7F = (del &- ones) & ~del & highs
            if below20 | is7F != 0 {
                for j in i..<(i + 8) where Self.isControl(self[j]) { return true }
            }
            i += 8
        }
        while i < end {
            if Self.isControl(self[i]) { return true }
            i += 1
        }
        return false
    }

    /// `start..<end` without leading and trailing spaces and tabs (RFC 9110 OWS).
    @inlinable
    public func trimmingWhitespace(_ start: Int, _ end: Int) -> Range<Int> {
        var start = start
        var end = end
        while start < end && (self[start] == 0x20 || self[start] == 0x09) { start += 1 }
        while end > start && (self[end - 1] == 0x20 || self[end - 1] == 0x09) { end -= 1 }
        return start..<end
    }

    /// Calls `body` with each non-empty element of the comma-separated list in `start..<end`,
    /// trimmed of spaces and tabs (RFC 9110 §5.6.1).
    public func forEachListElement(from start: Int, to end: Int, _ body: (Range<Int>) -> Void) {
        var i = start
        while i < end {
            while i < end && (self[i] == 0x20 || self[i] == 0x09 || self[i] == 0x2C) { i += 1 }
            let elementStart = i
            while i < end && self[i] != 0x2C { i += 1 }
            let element = trimmingWhitespace(elementStart, i)
            if !element.isEmpty { body(element) }
        }
    }

    /// A `Content-Length` value in `start..<end`: `1*DIGIT`, or a list of identical values (RFC 9110
    /// §8.6), which must also equal `existing` (the value of an earlier field). Nil when invalid.
    public func contentLength(from start: Int, to end: Int, existing: Int?) -> Int? {
        var result = existing
        var valid = true
        var elements = 0
        forEachListElement(from: start, to: end) { element in
            elements += 1
            guard valid, element.count <= 18, element.allSatisfy({ (0x30...0x39).contains(self[$0]) }) else {
                valid = false
                return
            }
            let value = element.reduce(0) { $0 * 10 + Int(self[$1] - 0x30) }
            if let result, result != value { valid = false }
            result = value
        }
        return valid && elements > 0 ? result : nil
    }

    @inline(__always)
    @usableFromInline
    static func isControl(_ b: UInt8) -> Bool {
        (b < 0x20 && b != 0x09) || b == 0x7F
    }
}

/// `isTokenByte` for every byte value (a table lookup per name byte instead of a switch).
public let httpTokenBytes: [Bool] = (0...255).map { isTokenByte(UInt8($0)) }

/// RFC 9110 §5.6.2 `tchar`.
@inlinable
public func isTokenByte(_ b: UInt8) -> Bool {
    switch b {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
    default: false
    }
}
