import EdgeOrigin
import NIOCore

/// Small files of `directory` origins kept as ready-to-write bytes, one cache per event loop (no
/// locks): the pre-encoded head (status line and every header that does not change per request) and
/// the body `ByteBuffer`, written by reference. This is the "hit path serves bytes" of the design
/// brief, as nginx's `open_file_cache` plus its page cache: a hit costs no path resolution, no
/// response planning and no header encoding.
///
/// Freshness: an entry is re-resolved (realpath + stat, the same checks as a miss) at most once per
/// clock second and dropped when the file it names or its size, time or inode changed, so an edited
/// file is served within a second. A reload starts a new cache (entries belong to one `RuntimeState`).
///
/// Only plain 200 answers to GET/HEAD without conditional or range headers come from here; everything
/// else takes the full path (`RequestExchange`).
final class DirectoryHotCache {
    /// Files up to this size are cached.
    static let maximumFileBytes: Int64 = 256 * 1024
    /// Entries per loop (when full, the cache is emptied and refills with what is asked next).
    static let maximumEntries = 4096
    /// Bytes of bodies per loop.
    static let maximumBytes = 64 * 1024 * 1024

    /// One cached file (a reference, so a hit copies nothing).
    final class Entry {
        /// `HTTP/1.1 200 OK` and the fixed headers, each line ending in CRLF; no blank line.
        let head: ByteBuffer
        /// The fixed headers for HTTP/2 (lowercase names).
        let fields: [(String, String)]
        let body: ByteBuffer
        let file: String
        let info: FileInfo
        /// The clock second of the last check against the file system.
        var checkedSecond: Int

        init(
            head: ByteBuffer, fields: [(String, String)], body: ByteBuffer, file: String, info: FileInfo,
            checkedSecond: Int
        ) {
            self.head = head
            self.fields = fields
            self.body = body
            self.file = file
            self.info = info
            self.checkedSecond = checkedSecond
        }
    }

    private var entries: [String: [String: Entry]] = [:]
    private var bytes = 0
    private var owner: ObjectIdentifier?

    /// The fresh entry for `path` (no query) of origin `originId`, loading or revalidating it; nil when
    /// the answer is not a cacheable 200 (the caller takes the full path).
    func entry(
        originId: String, resolver: DirectoryPathResolver, path: String, state: RuntimeState, now: Int
    ) -> Entry? {
        let stateId = ObjectIdentifier(state)
        if owner != stateId {
            entries = [:]
            bytes = 0
            owner = stateId
        }
        if let entry = entries[originId]?[path] {
            if entry.checkedSecond == now { return entry }
            guard case .file(let file, let info) = resolver.resolve(urlPath: path[...]), file == entry.file,
                info == entry.info
            else {
                bytes -= entry.body.readableBytes
                entries[originId]?[path] = nil
                return nil
            }
            entry.checkedSecond = now
            return entry
        }
        guard case .file(let file, let info) = resolver.resolve(urlPath: path[...]),
            info.size <= Self.maximumFileBytes,
            let body = info.size == 0
                ? ByteBuffer() : DirectoryFileSender.readSmallFile(path: file, offset: 0, length: Int(info.size)),
            body.readableBytes == Int(info.size)
        else { return nil }
        let fields: [(String, String)] = [
            ("content-type", MIMETypes.contentType(forPath: file)), ("content-length", String(info.size)),
            ("last-modified", info.lastModified), ("etag", info.etag), ("accept-ranges", "bytes"),
        ]
        var head = ByteBuffer()
        head.reserveCapacity(256)
        head.writeStaticString("HTTP/1.1 200 OK\r\n")
        for (name, value) in fields {
            head.writeString(name)
            head.writeStaticString(": ")
            head.writeString(value)
            head.writeStaticString("\r\n")
        }
        head.writeStaticString("server: edge\r\n")
        let entry = Entry(head: head, fields: fields, body: body, file: file, info: info, checkedSecond: now)
        if entries.values.reduce(0, { $0 + $1.count }) >= Self.maximumEntries
            || bytes + body.readableBytes > Self.maximumBytes
        {
            entries = [:]
            bytes = 0
        }
        entries[originId, default: [:]][path] = entry
        bytes += body.readableBytes
        return entry
    }
}
