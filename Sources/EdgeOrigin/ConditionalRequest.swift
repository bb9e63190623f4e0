/// The conditional header fields of a request (RFC 9110 §13.1) and their evaluation against the
/// selected representation, in the order RFC 9110 §13.2.2 prescribes.
///
/// List-valued fields (`If-Match`, `If-None-Match`) sent on several field lines must be joined with
/// `, ` before they are passed in. `If-Range` is not evaluated here; see `ByteRange`.
public struct ConditionalRequest: Sendable, Equatable {
    /// What the server does after evaluating the preconditions.
    public enum Outcome: Sendable, Equatable {
        /// No precondition stops the request: serve it normally (ranges may still apply).
        case proceed
        /// 304 Not Modified: only for GET and HEAD.
        case notModified
        /// 412 Precondition Failed.
        case preconditionFailed
    }

    /// The `If-Match` field value, if present.
    public var ifMatch: String?
    /// The `If-None-Match` field value, if present.
    public var ifNoneMatch: String?
    /// The `If-Modified-Since` field value, if present.
    public var ifModifiedSince: String?
    /// The `If-Unmodified-Since` field value, if present.
    public var ifUnmodifiedSince: String?

    /// Creates the conditions from the raw field values (nil when the field is absent).
    public init(
        ifMatch: String? = nil, ifNoneMatch: String? = nil, ifModifiedSince: String? = nil,
        ifUnmodifiedSince: String? = nil
    ) {
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.ifUnmodifiedSince = ifUnmodifiedSince
    }

    /// Evaluates the preconditions for `method` against a representation that exists, whose strong
    /// entity tag is `etag` (with quotes) and whose `Last-Modified` is `lastModified` (epoch seconds).
    ///
    /// 1. `If-Match` (strong comparison; `*` matches): false → 412.
    /// 2. Otherwise `If-Unmodified-Since` (a valid date): modified after it → 412.
    /// 3. `If-None-Match` (weak comparison; `*` matches): true → 304 for GET/HEAD, 412 otherwise.
    /// 4. Otherwise, for GET/HEAD only, `If-Modified-Since` (a valid date): not modified after it → 304.
    ///
    /// Invalid dates are ignored, as RFC 9110 requires. Malformed members of an entity-tag list are
    /// dropped; a list with none left matches nothing.
    public func evaluate(method: String, etag: String, lastModified: Int64) -> Outcome {
        // Most requests carry no precondition: skip parsing our own tag then.
        if ifMatch == nil && ifNoneMatch == nil && ifModifiedSince == nil && ifUnmodifiedSince == nil {
            return .proceed
        }
        let current = EntityTag(etag[...]) ?? EntityTag(weakFrom: etag)
        let safe = method == "GET" || method == "HEAD"
        if let ifMatch {
            if !EntityTagCondition(ifMatch).matches(current, strong: true) { return .preconditionFailed }
        } else if let ifUnmodifiedSince, let date = HTTPDate.parse(ifUnmodifiedSince) {
            if lastModified > date { return .preconditionFailed }
        }
        if let ifNoneMatch {
            if EntityTagCondition(ifNoneMatch).matches(current, strong: false) {
                return safe ? .notModified : .preconditionFailed
            }
        } else if safe, let ifModifiedSince, let date = HTTPDate.parse(ifModifiedSince) {
            if lastModified <= date { return .notModified }
        }
        return .proceed
    }
}

extension ConditionalRequest.EntityTag {
    /// A tag that matches nothing strongly: used if the server's own tag were ever malformed.
    init(weakFrom text: String) {
        self.weak = true
        self.opaque = "\"\(text)\""[...]
    }
}
