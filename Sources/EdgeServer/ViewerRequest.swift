import NIOCore
import NIOHTTP1

/// What the edge knows of a viewer request once its head has arrived.
struct ViewerRequest {
    /// Method as sent.
    var method: HTTPMethod
    /// Request target (origin-form: path and query).
    var target: String
    /// Host (from the absolute-form target, `:authority` or `Host`).
    var host: String
    /// Headers as sent.
    var headers: HTTPHeaders
    /// `HTTP/1.0`, `HTTP/1.1` or `HTTP/2`.
    var protocolName: String
    /// Whether the viewer connection is TLS.
    var isHTTPS: Bool
    /// Viewer IP address.
    var clientAddress: String
    /// TLS server name, when the viewer sent one.
    var serverName: String?
    /// Content-Length of the body, when known.
    var contentLength: Int?
    /// Whether a body follows (content-length > 0 or chunked).
    var hasBody: Bool
    /// The request id (`x-edge-request-id`, access log).
    var requestId: String = ""
    /// The headers the phases need, from one pass over `headers`.
    var summary: RequestHeaderSummary

    /// The path part of the target (no query).
    var path: Substring {
        if let q = target.firstIndex(of: "?") { return target[..<q] }
        return target[...]
    }
}

extension HTTPMethod {
    // Pattern matches: NIO's `==` on HTTPMethod compares `rawValue` strings, built on every call.
    var isHEAD: Bool { if case .HEAD = self { true } else { false } }
    var isGET: Bool { if case .GET = self { true } else { false } }
    /// GET, HEAD or OPTIONS: the methods CloudFront fails over (replayable).
    var isReplayable: Bool {
        switch self {
        case .GET, .HEAD, .OPTIONS: true
        default: false
        }
    }
    /// POST, PUT or PATCH: methods whose empty body is still announced with `content-length: 0`.
    var announcesEmptyBody: Bool {
        switch self {
        case .POST, .PUT, .PATCH: true
        default: false
        }
    }
}
