/// An absolute domain name as a list of labels, most specific first. Labels keep the case they were
/// written with; comparison and hashing ignore ASCII case (RFC 4343).
///
/// ```swift
/// let www = try DNSName("www", origin: DNSName("Example.COM."))
/// www.description          // "www.Example.COM."
/// www == (try DNSName("WWW.example.com."))   // true
/// ```
public struct DNSName: Sendable, Hashable, CustomStringConvertible {
    /// The labels, most specific first; empty for the root.
    public private(set) var labels: [[UInt8]]

    /// The root name `.`.
    public static let root = DNSName(uncheckedLabels: [])

    /// Creates a name from labels, checking the 63-byte label and 255-byte name limits.
    /// - Throws: `DNSTextError` for an empty or over-long label, or an over-long name.
    public init(labels: [[UInt8]]) throws(DNSTextError) {
        var length = 1
        for label in labels {
            guard !label.isEmpty else { throw DNSTextError(.badName, "empty label") }
            guard label.count <= 63 else {
                throw DNSTextError(.labelTooLong, "label longer than 63 bytes")
            }
            length += 1 + label.count
        }
        guard length <= 255 else { throw DNSTextError(.nameTooLong, "name longer than 255 bytes") }
        self.labels = labels
    }

    /// Labels already checked by the caller.
    init(uncheckedLabels: [[UInt8]]) {
        self.labels = uncheckedLabels
    }

    /// Parses a name in presentation form (`\DDD` and `\X` escapes). `@` is the origin; a name without
    /// a trailing dot is relative to `origin`.
    /// - Throws: `DNSTextError` (`.relativeName` if the name is relative and no origin is given).
    public init(_ text: String, origin: DNSName? = nil) throws(DNSTextError) {
        self = try DNSName(presentation: Array(text.utf8), origin: origin)
    }

    /// Parses raw presentation bytes, escapes still in place.
    init(presentation raw: [UInt8], origin: DNSName?) throws(DNSTextError) {
        let shown = String(decoding: raw, as: UTF8.self)
        if raw == [UInt8(ascii: "@")] {
            guard let origin else { throw DNSTextError(.relativeName, "'@' used without an origin") }
            self = origin
            return
        }
        if raw == [UInt8(ascii: ".")] {
            self = .root
            return
        }
        guard !raw.isEmpty else { throw DNSTextError(.badName, "empty name") }
        var labels: [[UInt8]] = []
        var current: [UInt8] = []
        var absolute = false
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: ".") {
                guard !current.isEmpty else { throw DNSTextError(.badName, "empty label in '\(shown)'") }
                labels.append(current)
                current = []
                index += 1
                if index == raw.count { absolute = true }
                continue
            }
            if byte == UInt8(ascii: "\\") {
                let (value, next) = try PresentationText.unescape(raw, at: index)
                current.append(value)
                index = next
            } else {
                current.append(byte)
                index += 1
            }
        }
        if !current.isEmpty { labels.append(current) }
        if !absolute {
            guard let origin else {
                throw DNSTextError(.relativeName, "relative name '\(shown)' without an origin")
            }
            labels += origin.labels
        }
        do {
            try self.init(labels: labels)
        } catch {
            throw DNSTextError(error.kind, "\(error.message) in '\(shown)'")
        }
    }

    /// Whether this is the root name.
    public var isRoot: Bool { labels.isEmpty }

    /// The length of the name in uncompressed wire form (at most 255).
    public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// The name in uncompressed wire form, case kept.
    public var wireBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(wireLength)
        for label in labels {
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes.append(0)
        return bytes
    }

    /// The name with its first label removed, or nil for the root.
    public var parent: DNSName? {
        isRoot ? nil : DNSName(uncheckedLabels: Array(labels.dropFirst()))
    }

    /// The name with ASCII letters folded to lower case.
    public var lowercased: DNSName {
        DNSName(uncheckedLabels: labels.map { $0.map(Self.fold) })
    }

    /// Whether this name equals `other` or lies below it (case-insensitively).
    public func isSubdomain(of other: DNSName) -> Bool {
        guard labels.count >= other.labels.count else { return false }
        let offset = labels.count - other.labels.count
        for (index, label) in other.labels.enumerated() where !Self.labelsEqual(labels[offset + index], label) {
            return false
        }
        return true
    }

    /// This name followed by `suffix` (turns a relative name into an absolute one).
    /// - Throws: `DNSTextError` if the result is longer than 255 bytes.
    public func appending(_ suffix: DNSName) throws(DNSTextError) -> DNSName {
        try DNSName(labels: labels + suffix.labels)
    }

    /// The name in presentation form with a trailing dot, special characters escaped.
    public var description: String {
        if labels.isEmpty { return "." }
        var out: [UInt8] = []
        for label in labels {
            for byte in label { PresentationText.appendEscaped(byte, to: &out, inName: true) }
            out.append(UInt8(ascii: "."))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Case-insensitive equality (RFC 4343).
    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        guard lhs.labels.count == rhs.labels.count else { return false }
        for (left, right) in zip(lhs.labels, rhs.labels) where !labelsEqual(left, right) {
            return false
        }
        return true
    }

    /// Hashes the case-folded name, consistent with `==`: its uncompressed wire form (label lengths
    /// and bytes), letters folded to lower case, fed to the hasher in one piece from a stack buffer.
    public func hash(into hasher: inout Hasher) {
        let hashed = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var end = 0
            for label in labels {
                let count = label.count
                // Only names built without the length check can be longer.
                guard end + 1 + count <= 256 else { return false }
                base[end] = UInt8(truncatingIfNeeded: count)
                label.withUnsafeBufferPointer { bytes in
                    if let source = bytes.baseAddress { Self.fold(source, into: base + end + 1, count: count) }
                }
                end += 1 + count
            }
            hasher.combine(bytes: UnsafeRawBufferPointer(start: base, count: end))
            return true
        }
        guard !hashed else { return }
        for label in labels {
            hasher.combine(label.count)
            for byte in label { hasher.combine(Self.fold(byte)) }
        }
    }

    /// Copies `count` bytes, ASCII letters folded to lower case, eight at a time where it can.
    private static func fold(_ source: UnsafePointer<UInt8>, into target: UnsafeMutablePointer<UInt8>, count: Int) {
        var index = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(target + index).storeBytes(of: foldWord(word), as: UInt64.self)
            index += 8
        }
        while index < count {
            target[index] = fold(source[index])
            index += 1
        }
    }

    /// Eight bytes with ASCII `A`–`Z` turned into `a`–`z` (bytes of 0x80 and above unchanged).
    static func foldWord(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = word & (0x7F * ones)
        let atLeastA = low &+ (0x80 - 0x41) * ones
        let aboveZ = low &+ (0x80 - 0x5B) * ones
        let upper = atLeastA & ~aboveZ & ~word & (0x80 * ones)
        return word | upper >> 2
    }

    /// Whether two names are equal byte for byte, case included.
    public func isIdentical(to other: DNSName) -> Bool { labels == other.labels }

    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    static func labelsEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where fold(a) != fold(b) { return false }
        return true
    }
}
