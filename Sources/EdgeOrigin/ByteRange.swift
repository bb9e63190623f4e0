/// What part of a representation of a known size a `Range` request gets (RFC 9110 §14).
///
/// Only single ranges are served as 206. A request for several ranges that do not coalesce into
/// one gets the full representation as 200 (RFC 9110 §14.2 lets a server ignore `Range`), so no
/// `multipart/byteranges` is ever generated. A syntactically invalid `Range` is ignored (200).
public enum ByteRange: Sendable, Equatable {
    /// Serve the whole representation with 200.
    case full
    /// Serve bytes `start...end` (inclusive, both within the representation) with 206.
    case partial(start: Int64, end: Int64)
    /// No requested range overlaps the representation: 416 with `Content-Range: bytes */<size>`.
    case unsatisfiable

    /// Ranges beyond this many in one header make the header ignored (a cheap defence against
    /// requests for thousands of tiny ranges).
    public static let maximumRangeCount = 64

    /// The number of bytes a partial response carries; nil unless `.partial`.
    public var length: Int64? {
        if case .partial(let start, let end) = self { return end - start + 1 }
        return nil
    }

    /// The `Content-Range` value for a 206 (`bytes 0-99/1000`) or 416 (`bytes */1000`); nil for `.full`.
    public func contentRange(size: Int64) -> String? {
        switch self {
        case .full: nil
        case .partial(let start, let end): "bytes \(start)-\(end)/\(size)"
        case .unsatisfiable: "bytes */\(size)"
        }
    }

    /// Decides the range for a GET: `.full` without a `Range` field, or when `If-Range` is present
    /// and does not validate; otherwise `parse(range, size:)`.
    ///
    /// `If-Range` holding an entity tag validates only if it strongly equals `etag`; holding a date,
    /// only if the date equals `lastModified` exactly (RFC 9110 §13.1.5). Callers must not apply
    /// ranges to methods other than GET (RFC 9110 §14.2).
    public static func evaluate(
        range: String?, ifRange: String?, size: Int64, etag: String, lastModified: Int64
    ) -> ByteRange {
        guard let range else { return .full }
        if let ifRange {
            let value = DirectoryHeaderSyntax.trimmingOWS(ifRange)
            if value.hasPrefix("\"") || value.hasPrefix("W/") {
                guard let sent = ConditionalRequest.EntityTag(value),
                    let current = ConditionalRequest.EntityTag(etag[...]),
                    sent.strongMatch(current)
                else { return .full }
            } else {
                guard HTTPDate.parse(value) == lastModified else { return .full }
            }
        }
        return parse(range, size: size)
    }

    /// Interprets a `Range` field value against a representation of `size` bytes.
    ///
    /// Accepts `bytes=first-last`, `bytes=first-`, `bytes=-suffixLength`, case-insensitive unit,
    /// whitespace around tokens, and comma-separated lists (empty members skipped). Other units and
    /// invalid syntax (including `last < first`) give `.full`. Overlapping or adjacent ranges are
    /// coalesced; if more than one range remains the answer is `.full`. If no range overlaps the
    /// representation the answer is `.unsatisfiable`.
    public static func parse(_ value: String, size: Int64) -> ByteRange {
        guard let equals = value.firstIndex(of: "=") else { return .full }
        guard DirectoryHeaderSyntax.trimmingOWS(value[..<equals]).lowercased() == "bytes" else { return .full }
        var satisfiable: [(start: Int64, end: Int64)] = []
        var memberCount = 0
        for member in value[value.index(after: equals)...].split(separator: ",") {
            let spec = DirectoryHeaderSyntax.trimmingOWS(member)
            if spec.isEmpty { continue }
            memberCount += 1
            guard memberCount <= maximumRangeCount, let dash = spec.firstIndex(of: "-") else { return .full }
            let firstText = DirectoryHeaderSyntax.trimmingOWS(spec[..<dash])
            let lastText = DirectoryHeaderSyntax.trimmingOWS(spec[spec.index(after: dash)...])
            if firstText.isEmpty {
                guard let suffixLength = number(lastText) else { return .full }
                if suffixLength > 0, size > 0 { satisfiable.append((max(0, size - suffixLength), size - 1)) }
            } else {
                guard let first = number(firstText) else { return .full }
                var last = Int64.max
                if !lastText.isEmpty {
                    guard let parsed = number(lastText), parsed >= first else { return .full }
                    last = parsed
                }
                if first < size { satisfiable.append((first, min(last, size - 1))) }
            }
        }
        guard memberCount > 0 else { return .full }
        guard !satisfiable.isEmpty else { return .unsatisfiable }
        satisfiable.sort { $0.start < $1.start }
        var merged = satisfiable[0]
        for next in satisfiable.dropFirst() {
            // Not coalescible: two separate ranges remain, which this server does not serve as 206.
            guard next.start <= merged.end || next.start - merged.end == 1 else { return .full }
            merged.end = max(merged.end, next.end)
        }
        return .partial(start: merged.start, end: merged.end)
    }

    /// A non-empty run of ASCII digits, saturating at `Int64.max`; nil for anything else.
    private static func number(_ text: Substring) -> Int64? {
        guard !text.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            value = overflow1 || overflow2 ? Int64.max : sum
        }
        return value
    }
}
