/// Decides what a directory origin sends for a request, given what the path resolved to and the
/// request's conditional and range headers. Pure: no file is opened here.
///
/// Order of decisions:
/// 1. `.badRequest` → 400 (a malformed target is malformed whatever the method).
/// 2. A method other than GET or HEAD → 405 with `Allow: GET, HEAD`, even for missing files (as nginx).
/// 3. `.redirectToDirectory` → 301 with `Location`; `.forbidden` → 403; `.notFound` → 404.
/// 4. A file: preconditions (`ConditionalRequest`) → 304 (`ETag`, `Last-Modified`, no body) or 412.
/// 5. For GET only, `Range` / `If-Range` (`ByteRange`) → 206 with `Content-Range`, or 416 with
///    `Content-Range: bytes */<size>`; otherwise 200.
///
/// HEAD gets exactly the header fields GET would, `Content-Length` included, and `.none` as body.
/// `Content-Type` comes from the resolved file's name (so an index document is `text/html`, and a
/// symlink is typed by its target's name).
public enum DirectoryResponsePlanner {
    /// The `Allow` value sent with 405.
    public static let allowedMethods = "GET, HEAD"

    /// Plans the response to `method` (case-sensitive, as HTTP methods are) for `resolution`.
    public static func plan(
        method: String, resolution: DirectoryResolution, headers: DirectoryRequestHeaders
    ) -> DirectoryResponsePlan {
        let isHead = method == "HEAD"
        if case .badRequest = resolution { return errorPlan(400, isHead: isHead) }
        guard method == "GET" || isHead else {
            return errorPlan(405, isHead: false, extraHeaders: [("Allow", allowedMethods)])
        }
        switch resolution {
        case .badRequest:
            return errorPlan(400, isHead: isHead)
        case .redirectToDirectory(let location):
            return errorPlan(301, isHead: isHead, extraHeaders: [("Location", location)])
        case .forbidden:
            return errorPlan(403, isHead: isHead)
        case .notFound:
            return errorPlan(404, isHead: isHead)
        case .file(let path, let info):
            return filePlan(isHead: isHead, method: method, path: path, info: info, headers: headers)
        }
    }

    private static func filePlan(
        isHead: Bool, method: String, path: String, info: FileInfo, headers: DirectoryRequestHeaders
    ) -> DirectoryResponsePlan {
        let etag = info.etag
        let lastModified = info.lastModified
        switch headers.conditions.evaluate(method: method, etag: etag, lastModified: info.modificationSeconds) {
        case .notModified:
            return DirectoryResponsePlan(
                status: 304, headers: [("ETag", etag), ("Last-Modified", lastModified)], body: .none
            )
        case .preconditionFailed:
            return errorPlan(412, isHead: isHead)
        case .proceed:
            break
        }
        let range =
            isHead
            ? ByteRange.full
            : ByteRange.evaluate(
                range: headers.range, ifRange: headers.ifRange, size: info.size, etag: etag,
                lastModified: info.modificationSeconds
            )
        let validators: [(name: String, value: String)] = [
            ("Last-Modified", lastModified), ("ETag", etag), ("Accept-Ranges", "bytes"),
        ]
        switch range {
        case .full:
            return DirectoryResponsePlan(
                status: 200,
                headers: [
                    ("Content-Type", MIMETypes.contentType(forPath: path)), ("Content-Length", String(info.size)),
                ] + validators,
                body: isHead ? .none : .file(path: path, offset: 0, length: info.size)
            )
        case .partial(let start, let end):
            let length = end - start + 1
            return DirectoryResponsePlan(
                status: 206,
                headers: [
                    ("Content-Type", MIMETypes.contentType(forPath: path)), ("Content-Length", String(length)),
                    ("Content-Range", range.contentRange(size: info.size) ?? ""),
                ] + validators,
                body: .file(path: path, offset: start, length: length)
            )
        case .unsatisfiable:
            return errorPlan(
                416, isHead: false,
                extraHeaders: [("Content-Range", range.contentRange(size: info.size) ?? "")] + validators
            )
        }
    }

    /// A plan with a short plain-text body naming the status, e.g. `404 Not Found\n`.
    static func errorPlan(
        _ status: Int, isHead: Bool, extraHeaders: [(name: String, value: String)] = []
    ) -> DirectoryResponsePlan {
        let text = "\(status) \(reasonPhrase(status))\n"
        return DirectoryResponsePlan(
            status: status,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", String(text.utf8.count))]
                + extraHeaders,
            body: isHead ? .none : .text(text)
        )
    }

    /// The RFC 9110 reason phrase for the statuses this planner produces.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 412: "Precondition Failed"
        case 416: "Range Not Satisfiable"
        default: "Unknown"
        }
    }
}
