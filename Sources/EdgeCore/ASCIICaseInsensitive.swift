extension String {
    /// Whether this string equals `lowercase` (which must be lowercase ASCII), ignoring ASCII case only.
    /// Compares UTF-8 bytes without allocating: header names are matched with it on every request.
    @inlinable
    public func equalsLowercase(_ lowercase: StaticString) -> Bool {
        var copy = self
        return copy.withUTF8 { $0.equalsLowercase(lowercase) }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether these bytes equal `lowercase` (lowercase ASCII), ignoring ASCII case only.
    @inlinable
    public func equalsLowercase(_ lowercase: StaticString) -> Bool {
        UnsafeRawBufferPointer(self).equalsLowercase(lowercase)
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes equal `lowercase` (lowercase ASCII), ignoring ASCII case only.
    @inlinable
    @inline(__always)
    public func equalsLowercase(_ lowercase: StaticString) -> Bool {
        // A literal has a pointer representation; reading it directly avoids `withUTF8Buffer`'s
        // closure, which is not inlined on this per-field path.
        guard lowercase.hasPointerRepresentation else {
            return lowercase.withUTF8Buffer { equalsLowercase(bytes: UnsafeRawBufferPointer($0)) }
        }
        return equalsLowercase(
            bytes: UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount))
    }

    /// Whether these bytes equal `expected` (lowercase ASCII), ignoring ASCII case only.
    @inlinable
    public func equalsLowercase(bytes expected: UnsafeRawBufferPointer) -> Bool {
        guard expected.count == count else { return false }
        // Eight bytes at a time (field names are mostly 4–20 bytes), then the tail.
        var i = 0
        while i + 8 <= count {
            let word = loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if Self.asciiLowercased(word) != expected.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < count {
            var b = self[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b != expected[i] { return false }
            i += 1
        }
        return true
    }

    /// `word` with every byte in `A`...`Z` turned to lowercase, the other bytes unchanged.
    @inlinable
    public static func asciiLowercased(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let low7 = word & ~highs  // no byte carries into the next below
        let atLeastA = low7 &+ ones &* (0x80 - 0x41)  // high bit set where the byte is >= 0x41
        let aboveZ = low7 &+ ones &* (0x80 - 0x5B)  // high bit set where the byte is >= 0x5B
        let upper = atLeastA & ~aboveZ & ~word & highs  // 0x41...0x5A and not >= 0x80
        return word | (upper >> 2)  // 0x80 >> 2 == 0x20
    }

    /// Whether these bytes equal `other`'s UTF-8, ignoring ASCII case only.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        var other = other
        return other.withUTF8 { expected in
            guard expected.count == count else { return false }
            for i in 0..<count {
                var a = self[i]
                var b = expected[i]
                if a >= 0x41 && a <= 0x5A { a |= 0x20 }
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                if a != b { return false }
            }
            return true
        }
    }
}

extension String {
    /// Whether this string equals `other`, ignoring ASCII case only (no allocation).
    @inlinable
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        var copy = self
        return copy.withUTF8 { UnsafeRawBufferPointer($0).equalsIgnoringASCIICase(other) }
    }
}
