/// Everything the I/O layer needs to answer one request to a directory origin: status, header
/// fields, and where the body comes from. `Date`, `Server`, `Connection` and caching headers are
/// the server's to add.
public struct DirectoryResponsePlan: Sendable, Equatable {
    /// Where the response content comes from.
    public enum Body: Sendable, Equatable {
        /// No content (HEAD, 304). `Content-Length`, when present, still describes the GET content.
        case none
        /// `length` bytes of the file at `path` starting at `offset`. `length` may be 0 (empty file).
        /// The file may have changed since it was resolved: send exactly `length` bytes or abort.
        case file(path: String, offset: Int64, length: Int64)
        /// A short `text/plain` error body, e.g. `404 Not Found\n`.
        case text(String)
    }

    /// The HTTP status code: 200, 206, 301, 304, 400, 403, 404, 405, 412 or 416.
    public var status: Int
    /// Response header fields in the order they should be sent.
    public var headers: [(name: String, value: String)]
    /// The content to send.
    public var body: Body

    /// Creates a plan.
    public init(status: Int, headers: [(name: String, value: String)], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Plans are equal when status, headers (in order) and body are.
    public static func == (lhs: DirectoryResponsePlan, rhs: DirectoryResponsePlan) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }
}
