/// The request header fields that decide a directory origin's response: preconditions and ranges.
/// Every other request field is irrelevant to what a file server sends.
public struct DirectoryRequestHeaders: Sendable, Equatable {
    /// The field names read by `init(lookup:)`, in their canonical spelling.
    public static let fieldNames = [
        "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "Range", "If-Range",
    ]

    /// `If-Match`, if present.
    public var ifMatch: String?
    /// `If-None-Match`, if present.
    public var ifNoneMatch: String?
    /// `If-Modified-Since`, if present.
    public var ifModifiedSince: String?
    /// `If-Unmodified-Since`, if present.
    public var ifUnmodifiedSince: String?
    /// `Range`, if present.
    public var range: String?
    /// `If-Range`, if present.
    public var ifRange: String?

    /// Whether no precondition or range header was sent (a plain full response).
    public var isEmpty: Bool {
        ifMatch == nil && ifNoneMatch == nil && ifModifiedSince == nil && ifUnmodifiedSince == nil && range == nil
            && ifRange == nil
    }

    /// Creates the headers from field values (nil when absent).
    public init(
        ifMatch: String? = nil, ifNoneMatch: String? = nil, ifModifiedSince: String? = nil,
        ifUnmodifiedSince: String? = nil, range: String? = nil, ifRange: String? = nil
    ) {
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.ifUnmodifiedSince = ifUnmodifiedSince
        self.range = range
        self.ifRange = ifRange
    }

    /// Reads the fields through `lookup`, called once per name in `fieldNames`. The lookup must match
    /// names case-insensitively and join a field sent on several lines with `, ` (RFC 9110 §5.3).
    public init(lookup: (String) -> String?) {
        self.init(
            ifMatch: lookup("If-Match"), ifNoneMatch: lookup("If-None-Match"),
            ifModifiedSince: lookup("If-Modified-Since"), ifUnmodifiedSince: lookup("If-Unmodified-Since"),
            range: lookup("Range"), ifRange: lookup("If-Range")
        )
    }

    /// The precondition fields, ready to evaluate.
    public var conditions: ConditionalRequest {
        ConditionalRequest(
            ifMatch: ifMatch, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince,
            ifUnmodifiedSince: ifUnmodifiedSince
        )
    }
}
