import EdgeCore
import EdgeOrigin
import NIOHTTP1

/// The request headers the phases need, collected in ONE pass over the header list
/// (`earlyRequestFilter`), instead of a case-insensitive scan of every header per lookup.
struct RequestHeaderSummary {
    /// Number of `Host` fields, and the first value.
    var hostCount = 0
    var host: String?
    /// The first `Content-Length` value; `conflictingLengths` when another one differs.
    var contentLength: String?
    var conflictingLengths = false
    /// `Transfer-Encoding` names `chunked`.
    var chunked = false
    /// `Via` values joined (loop detection).
    var via: String?
    /// A `Connection` field names something other than `close` / `keep-alive`: more hop-by-hop
    /// fields to drop when forwarding (rare; the forwarding path then builds the full set).
    var connectionNominates = false
    /// `Expect: 100-continue`.
    var expectsContinue = false
    /// Precondition and range headers, for the directory origin.
    var directory = DirectoryRequestHeaders()

    /// Scans every header once.
    init(_ headers: HTTPHeaders) {
        for (name, value) in headers { observe(name: name, value: value) }
    }

    private mutating func observe(name: String, value: String) {
        switch name.utf8.count {
        case 3:
            if name.equalsLowercase("via") { via = via.map { $0 + ", " + value } ?? value }
        case 4:
            if name.equalsLowercase("host") {
                hostCount += 1
                if host == nil { host = value }
            }
        case 5:
            if name.equalsLowercase("range") { directory.range = value }
        case 6:
            if name.equalsLowercase("expect") { expectsContinue = value.lowercased() == "100-continue" }
        case 8:
            if name.equalsLowercase("if-match") {
                directory.ifMatch = directory.ifMatch.map { $0 + ", " + value } ?? value
            } else if name.equalsLowercase("if-range") {
                directory.ifRange = value
            }
        case 10:
            if name.equalsLowercase("connection") && !connectionNominates {
                connectionNominates = value.split(separator: ",").contains { token in
                    let t = token.filter { $0 != " " && $0 != "\t" }.lowercased()
                    return !(t.isEmpty || t == "close" || t == "keep-alive")
                }
            }
        case 13:
            if name.equalsLowercase("if-none-match") {
                directory.ifNoneMatch = directory.ifNoneMatch.map { $0 + ", " + value } ?? value
            }
        case 14:
            if name.equalsLowercase("content-length") {
                if let first = contentLength {
                    if first != value { conflictingLengths = true }
                } else {
                    contentLength = value
                }
            }
        case 17:
            if name.equalsLowercase("transfer-encoding") {
                if value.lowercased().contains("chunked") { chunked = true }
            } else if name.equalsLowercase("if-modified-since") {
                directory.ifModifiedSince = value
            }
        case 19:
            if name.equalsLowercase("if-unmodified-since") { directory.ifUnmodifiedSince = value }
        default:
            break
        }
    }
}
