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
        for i in 0..<count {
            var b = self[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b != expected[i] { return false }
        }
        return true
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
