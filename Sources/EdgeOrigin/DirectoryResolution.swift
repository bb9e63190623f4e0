/// What a URL path names under a directory origin's root, as decided by `DirectoryPathResolver`.
public enum DirectoryResolution: Sendable, Equatable {
    /// A regular file inside the root: `path` is its canonical absolute path (symlinks resolved),
    /// `info` what `stat` said about it when it was resolved.
    case file(path: String, info: FileInfo)
    /// The path names a directory but lacks the trailing `/`: answer 301 with this `Location`
    /// (the request's own percent-encoded path with `//` runs collapsed, plus `/`; no query).
    case redirectToDirectory(location: String)
    /// Nothing servable is there (missing, a directory without its index document, a hidden
    /// segment, or not a regular file): answer 404.
    case notFound
    /// The path tries to leave the root (`..` segments, backslashes, or a symlink whose target is
    /// outside the root), or the file cannot be read for permission reasons: answer 403.
    case forbidden
    /// The path cannot be interpreted (does not start with `/`, invalid percent-encoding, an encoded
    /// NUL byte, or not UTF-8 after decoding): answer 400.
    case badRequest
}

/// What the directory origin needs to know about a file: size, modification time, and identity.
public struct FileInfo: Sendable, Hashable {
    /// Size in bytes.
    public var size: Int64
    /// Modification time, whole seconds since the Unix epoch.
    public var modificationSeconds: Int64
    /// Nanoseconds past `modificationSeconds` (0..<1_000_000_000).
    public var modificationNanoseconds: Int64
    /// Device id (`st_dev`).
    public var device: UInt64
    /// Inode number (`st_ino`).
    public var inode: UInt64

    /// Creates file information.
    public init(
        size: Int64, modificationSeconds: Int64, modificationNanoseconds: Int64 = 0,
        device: UInt64 = 0, inode: UInt64 = 0
    ) {
        self.size = size
        self.modificationSeconds = modificationSeconds
        self.modificationNanoseconds = modificationNanoseconds
        self.device = device
        self.inode = inode
    }

    /// The strong entity tag, as nginx builds it: `"<mtime seconds in hex>-<size in hex>"`, quotes
    /// included, e.g. `"5f3a1b2c-1a4"`. Stable across restarts and across nodes serving the same
    /// files with the same timestamps (device and inode are deliberately left out for that reason).
    public var etag: String {
        "\"\(String(modificationSeconds, radix: 16))-\(String(size, radix: 16))\""
    }

    /// The `Last-Modified` value (IMF-fixdate of `modificationSeconds`).
    public var lastModified: String {
        HTTPDate.format(modificationSeconds)
    }
}
