#if canImport(Glibc)
    import Glibc
#endif

/// The process's open-file limit. A proxy holds two descriptors per proxied request plus its idle
/// origin connections, so `serve` raises the soft limit to the hard one at start, as nginx's
/// `worker_rlimit_nofile` and Go's runtime do.
enum FileDescriptorLimit {
    /// Raises the soft `RLIMIT_NOFILE` to the hard limit.
    /// - Returns: the soft limit now in force, or nil if it could not be read.
    @discardableResult
    static func raiseToHardLimit() -> UInt64? {
        #if canImport(Glibc)
            return raiseOnLinux()
        #else
            return nil
        #endif
    }

    #if canImport(Glibc)
        private static func raiseOnLinux() -> UInt64? {
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
            if limit.rlim_cur < limit.rlim_max {
                var raised = limit
                raised.rlim_cur = limit.rlim_max
                if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
            }
            return UInt64(limit.rlim_cur)
        }
    #endif
}
