import EdgeConfig

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Maps request paths to files under a directory origin's root, the way nginx's static module
/// does, but stricter: nothing outside the root, no hidden files, no directory listings.
///
/// `resolve` decodes the path once, then:
/// - an encoded NUL, invalid `%` escapes, non-UTF-8 bytes, or a path not starting with `/` → `.badRequest`;
/// - any `..` segment (however encoded: `%2e%2e`, `..%2f`) or a backslash anywhere → `.forbidden`
///   (403, like S3/CloudFront; nginx says 400), even when the result would stay inside the root;
/// - any segment starting with `.` (`.git`, `.env`, `..;`) → `.notFound`, except the names in
///   `allowedHiddenSegments` (by default `.well-known`, RFC 8615); `.` segments and `//` runs collapse;
/// - a path ending in `/` names `<dir>/<indexDocument>`; a missing index is `.notFound`;
/// - the target is canonicalised with `realpath`: outside the root (a symlink out) → `.forbidden`,
///   a hidden segment in the canonical path → `.notFound`; symlinks within the root are followed;
/// - a directory without the trailing `/` → `.redirectToDirectory`; anything but a regular file → `.notFound`.
///
/// Each call costs a `realpath` and a `stat`; the file is opened later by the I/O layer, which must
/// map its own `EACCES` to 403 and `ENOENT` to 404 (the file may change in between).
public struct DirectoryPathResolver: Sendable {
    /// The canonical absolute root directory (symlinks resolved once, at creation).
    public let root: String
    /// The file served for paths ending in `/`.
    public let indexDocument: String
    /// Segment names starting with `.` that are nevertheless served.
    public let allowedHiddenSegments: Set<String>
    /// `root` followed by exactly one `/`: every served path starts with it.
    private let rootPrefix: String

    /// Creates a resolver for `root` (canonicalised with `realpath`; it must be a directory).
    /// `indexDocument` must be a plain file name (no `/`, not empty, not starting with `.`).
    public init(
        root: String, indexDocument: String = "index.html", allowedHiddenSegments: Set<String> = [".well-known"]
    ) throws(DirectoryRootError) {
        guard !indexDocument.isEmpty, !indexDocument.contains("/"), !indexDocument.hasPrefix("."),
            !indexDocument.utf8.contains(0)
        else { throw DirectoryRootError(path: root, reason: .invalidIndexDocument(indexDocument)) }
        guard let canonical = Self.realPath(root) else {
            throw DirectoryRootError(path: root, reason: .cannotResolve(errno: errno))
        }
        guard Self.status(canonical)?.kind == .directory else {
            throw DirectoryRootError(path: root, reason: .notADirectory)
        }
        self.root = canonical
        self.rootPrefix = canonical.hasSuffix("/") ? canonical : canonical + "/"
        self.indexDocument = indexDocument
        self.allowedHiddenSegments = allowedHiddenSegments
    }

    /// Creates a resolver for a `directory:` origin. A relative `settings.path` is taken relative to
    /// `baseDirectory` (the directory holding the configuration file).
    public init(settings: DirectoryOriginSettings, relativeTo baseDirectory: String) throws(DirectoryRootError) {
        let root =
            settings.path.hasPrefix("/") || baseDirectory.isEmpty
            ? settings.path : baseDirectory + "/" + settings.path
        try self.init(root: root, indexDocument: settings.indexDocument)
    }

    /// Decides what `urlPath` (the raw, percent-encoded request path, without query) names.
    public func resolve(urlPath: Substring) -> DirectoryResolution {
        guard urlPath.first == "/", let decoded = Self.percentDecode(urlPath) else { return .badRequest }
        if decoded.contains(0) { return .badRequest }
        guard let text = String(validating: decoded, as: UTF8.self) else { return .badRequest }
        if decoded.contains(UInt8(ascii: "\\")) { return .forbidden }
        let segments = text.split(separator: "/").filter { $0 != "." }
        if segments.contains("..") { return .forbidden }
        if segments.contains(where: isHidden) { return .notFound }

        let wantsDirectory = text.hasSuffix("/") || text.hasSuffix("/.")
        var candidate = rootPrefix + segments.joined(separator: "/")
        if wantsDirectory { candidate += (segments.isEmpty ? "" : "/") + indexDocument }

        guard let canonical = Self.realPath(candidate) else {
            return errno == EACCES ? .forbidden : .notFound
        }
        guard canonical.hasPrefix(rootPrefix) || canonical == root else { return .forbidden }
        if canonical.dropFirst(rootPrefix.count).split(separator: "/").contains(where: isHidden) {
            return .notFound
        }
        guard let status = Self.status(canonical) else { return errno == EACCES ? .forbidden : .notFound }
        switch status.kind {
        case .regular:
            return .file(path: canonical, info: status.info)
        case .directory where !wantsDirectory:
            let rawSegments = urlPath.split(separator: "/")
            return .redirectToDirectory(location: "/" + rawSegments.joined(separator: "/") + "/")
        case .directory, .other:
            return .notFound
        }
    }

    /// Whether a decoded segment is hidden (starts with `.`) and not explicitly allowed.
    private func isHidden(_ segment: Substring) -> Bool {
        segment.hasPrefix(".") && !allowedHiddenSegments.contains(String(segment))
    }

    /// Decodes `%XX` escapes once; nil if an escape is truncated or not hexadecimal.
    static func percentDecode(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
            else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
