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
        lowercase.withUTF8Buffer { expected in
            guard expected.count == count else { return false }
            for i in 0..<count {
                var b = self[i]
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                if b != expected[i] { return false }
            }
            return true
        }
    }
}
