#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension DirectoryPathResolver {
    /// The kinds of file system object the resolver distinguishes.
    enum FileKind {
        /// A regular file: servable.
        case regular
        /// A directory: redirect or index document.
        case directory
        /// Anything else (FIFO, socket, device): never served.
        case other
    }

    /// `realpath(3)`: the canonical absolute path, or nil with `errno` set.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `stat(2)` (following symlinks): the kind and file information, or nil with `errno` set.
    static func status(_ path: String) -> (kind: FileKind, info: FileInfo)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        let kind: FileKind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        #if canImport(Darwin)
            let mtime = st.st_mtimespec
        #else
            let mtime = st.st_mtim
        #endif
        let info = FileInfo(
            size: Int64(st.st_size), modificationSeconds: Int64(mtime.tv_sec),
            modificationNanoseconds: Int64(mtime.tv_nsec), device: UInt64(st.st_dev), inode: UInt64(st.st_ino)
        )
        return (kind, info)
    }
}
