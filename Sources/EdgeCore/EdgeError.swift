/// Where an error came from, in the spirit of Pingora's `ErrorSource`.
public enum ErrorSource: String, Sendable, Hashable {
    /// The client (viewer) sent something wrong or went away.
    case downstream
    /// The origin or gateway behind the edge failed.
    case upstream
    /// A fault inside the edge itself.
    case `internal`
}

/// The one error type the request path deals in: a closed kind, its source, and whether a retry
/// (another attempt, or the next member of an origin group) may help.
public struct EdgeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of failure kinds. Its raw value is stable and safe as a metrics label.
    public enum Kind: String, Sendable, Hashable {
        /// The client's request could not be parsed.
        case malformedRequest
        /// The request line and headers exceed the configured limit.
        case headersTooLarge
        /// The request target exceeds the configured limit.
        case uriTooLong
        /// The request body exceeds the behavior's limit.
        case bodyTooLarge
        /// No TCP connection to the origin could be made.
        case connectRefused
        /// Connecting to the origin took longer than `connectionTimeout`.
        case connectTimedOut
        /// The origin did not answer within `responseTimeout`.
        case responseTimedOut
        /// The origin closed the connection or sent an invalid response.
        case upstreamProtocol
        /// The origin name could not be resolved.
        case dnsFailure
        /// The client went away mid-request.
        case downstreamClosed
        /// Anything else inside the edge.
        case internalFailure
    }

    /// What went wrong.
    public var kind: Kind
    /// Who is to blame.
    public var source: ErrorSource
    /// Whether another attempt (or the next origin-group member) may succeed.
    public var retryable: Bool
    /// Detail for logs only; never sent to clients (it may name internal addresses).
    public var context: String

    /// Creates an error.
    public init(_ kind: Kind, source: ErrorSource, retryable: Bool = false, context: String = "") {
        self.kind = kind
        self.source = source
        self.retryable = retryable
        self.context = context
    }

    /// The HTTP status the edge answers with for this error.
    public var httpStatus: Int {
        switch kind {
        case .malformedRequest: 400
        case .headersTooLarge: 431
        case .uriTooLong: 414
        case .bodyTooLarge: 413
        case .connectRefused, .upstreamProtocol, .dnsFailure: 502
        case .connectTimedOut, .responseTimedOut: 504
        case .downstreamClosed: 499
        case .internalFailure: 500
        }
    }

    /// A human description for logs.
    public var description: String {
        context.isEmpty ? "\(source.rawValue): \(kind.rawValue)" : "\(source.rawValue): \(kind.rawValue): \(context)"
    }
}
