/// Parsing of the human-friendly durations and sizes the configuration accepts.
enum ConfigUnits {
    /// Units of `Duration` values, in seconds.
    private static let durationUnits: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600),
    ]

    /// Units of byte sizes: SI powers of 1000 and IEC powers of 1024.
    private static let sizeUnits: [(suffix: String, bytes: Double)] = [
        ("kib", 1024), ("mib", 1024 * 1024), ("gib", 1024 * 1024 * 1024), ("tib", 1024 * 1024 * 1024 * 1024),
        ("kb", 1000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000), ("b", 1),
    ]

    /// What a duration looks like, for messages.
    static let durationForms = "a duration such as 10s, 500ms, 2m, 1h or a number of seconds"
    /// What a size looks like, for messages.
    static let sizeForms = "a size such as 1048576, 10KB, 10MB, 1GB, 10KiB, 10MiB or 1GiB"

    /// `10s`, `500ms`, `2m`, `1h`, `1.5s`, or a bare number of seconds; nil if malformed or negative.
    static func duration(_ text: String) -> Duration? {
        let trimmed = text.trimmingSpaces().lowercased()
        for unit in durationUnits where trimmed.hasSuffix(unit.suffix) {
            // "ms" must win over "s"; the table lists it first.
            let number = String(trimmed.dropLast(unit.suffix.count)).trimmingSpaces()
            guard let value = nonNegativeNumber(number) else { return nil }
            return milliseconds(value * unit.seconds)
        }
        guard let value = nonNegativeNumber(trimmed) else { return nil }
        return milliseconds(value)
    }

    /// Integer bytes, or a number with `KB`/`MB`/`GB`/`TB` (powers of 1000) or `KiB`/`MiB`/`GiB`/`TiB`
    /// (powers of 1024), case-insensitive; nil if malformed, negative or too large.
    static func byteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces().lowercased()
        for unit in sizeUnits where trimmed.hasSuffix(unit.suffix) {
            let number = String(trimmed.dropLast(unit.suffix.count)).trimmingSpaces()
            guard let value = nonNegativeNumber(number) else { return nil }
            return wholeBytes(value * unit.bytes)
        }
        if let exact = Int(trimmed.replacingUnderscores()), exact >= 0 { return exact }
        return nil
    }

    private static func nonNegativeNumber(_ text: String) -> Double? {
        let cleaned = text.replacingUnderscores()
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(cleaned), value.isFinite, value >= 0
        else { return nil }
        return value
    }

    private static func milliseconds(_ seconds: Double) -> Duration? {
        let millis = (seconds * 1000).rounded()
        guard millis < Double(Int64.max) else { return nil }
        return .milliseconds(Int64(millis))
    }

    private static func wholeBytes(_ bytes: Double) -> Int? {
        let rounded = bytes.rounded()
        guard rounded < Double(Int.max) else { return nil }
        return Int(rounded)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// The string with `_` digit separators removed (`1_000_000`).
    fileprivate func replacingUnderscores() -> String {
        String(filter { $0 != "_" })
    }
}
