/// The `Content-Type` a file is served with, chosen by its extension (case-insensitive), like
/// nginx's `mime.types`. Textual types carry `; charset=utf-8`; unknown extensions, and names
/// without one, are `application/octet-stream`.
public enum MIMETypes {
    /// The type sent for files whose extension is not in the table.
    public static let defaultType = "application/octet-stream"

    /// The `Content-Type` for a file path or URL path: looks only at the extension of the last
    /// segment (`/a.b/c` has none; `.bashrc` has none; `x.tar.gz` is `gz`).
    public static func contentType(forPath path: some StringProtocol) -> String {
        guard let ext = fileExtension(path) else { return defaultType }
        return table[ext] ?? defaultType
    }

    /// The lower-cased extension of the last path segment, if it has one. Scans UTF-8 bytes from the
    /// end (no splitting, no Character processing: this runs for every directory response).
    static func fileExtension(_ path: some StringProtocol) -> String? {
        let text = String(path)  // free for a String; the planner passes Strings
        let bytes = text.utf8
        let end = bytes.endIndex
        var index = end
        var dot: String.UTF8View.Index?
        while index > bytes.startIndex {
            let previous = bytes.index(before: index)
            let byte = bytes[previous]
            if byte == UInt8(ascii: "/") { break }
            if byte == UInt8(ascii: ".") && dot == nil { dot = previous }
            index = previous
        }
        // `index` is the start of the last segment; a leading dot (".profile") is not an extension.
        guard let dot, dot != index else { return nil }
        let start = bytes.index(after: dot)
        guard start < end else { return nil }
        var lowered = [UInt8]()
        lowered.reserveCapacity(bytes.distance(from: start, to: end))
        var i = start
        while i < end {
            let b = bytes[i]
            lowered.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            i = bytes.index(after: i)
        }
        return String(decoding: lowered, as: UTF8.self)
    }

    private static let utf8 = "; charset=utf-8"

    /// Extension → type. Kept in step with nginx's `mime.types` and the IANA registry.
    private static let table: [String: String] = [
        // Text and documents.
        "html": "text/html" + utf8,
        "htm": "text/html" + utf8,
        "shtml": "text/html" + utf8,
        "css": "text/css" + utf8,
        "js": "text/javascript" + utf8,  // RFC 9239
        "mjs": "text/javascript" + utf8,
        "cjs": "text/javascript" + utf8,
        "json": "application/json" + utf8,
        "map": "application/json" + utf8,
        "jsonld": "application/ld+json" + utf8,
        "webmanifest": "application/manifest+json" + utf8,
        "txt": "text/plain" + utf8,
        "text": "text/plain" + utf8,
        "log": "text/plain" + utf8,
        "md": "text/markdown" + utf8,
        "markdown": "text/markdown" + utf8,
        "csv": "text/csv" + utf8,
        "tsv": "text/tab-separated-values" + utf8,
        "xml": "application/xml" + utf8,
        "xsl": "application/xml" + utf8,
        "rss": "application/rss+xml" + utf8,
        "atom": "application/atom+xml" + utf8,
        "yaml": "application/yaml" + utf8,  // RFC 9512
        "yml": "application/yaml" + utf8,
        "toml": "application/toml" + utf8,
        "ics": "text/calendar" + utf8,
        "vtt": "text/vtt" + utf8,
        "svg": "image/svg+xml" + utf8,
        "pdf": "application/pdf",
        "rtf": "application/rtf",
        "wasm": "application/wasm",
        // Images.
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/x-icon",
        "bmp": "image/bmp",
        "tif": "image/tiff",
        "tiff": "image/tiff",
        "heic": "image/heic",
        "jxl": "image/jxl",
        // Fonts.
        "woff": "font/woff",
        "woff2": "font/woff2",
        "ttf": "font/ttf",
        "otf": "font/otf",
        "eot": "application/vnd.ms-fontobject",
        // Audio and video.
        "mp4": "video/mp4",
        "m4v": "video/mp4",
        "webm": "video/webm",
        "ogv": "video/ogg",
        "mov": "video/quicktime",
        "mkv": "video/x-matroska",
        "ts": "video/mp2t",
        "m3u8": "application/vnd.apple.mpegurl",
        "mpd": "application/dash+xml",
        "mp3": "audio/mpeg",
        "m4a": "audio/mp4",
        "aac": "audio/aac",
        "ogg": "audio/ogg",
        "oga": "audio/ogg",
        "opus": "audio/ogg",
        "wav": "audio/wav",
        "flac": "audio/flac",
        // Archives and binaries.
        "zip": "application/zip",
        "gz": "application/gzip",
        "tgz": "application/gzip",
        "tar": "application/x-tar",
        "bz2": "application/x-bzip2",
        "xz": "application/x-xz",
        "zst": "application/zstd",
        "7z": "application/x-7z-compressed",
        "br": "application/octet-stream",
        "bin": "application/octet-stream",
        "exe": "application/octet-stream",
        "dmg": "application/octet-stream",
        "iso": "application/octet-stream",
        "deb": "application/vnd.debian.binary-package",
        "rpm": "application/x-redhat-package-manager",
        "jar": "application/java-archive",
        "apk": "application/vnd.android.package-archive",
        // Office documents.
        "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt": "application/vnd.ms-powerpoint",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "epub": "application/epub+zip",
    ]
}
