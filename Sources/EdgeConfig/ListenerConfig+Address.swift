extension ListenerConfig {
    /// `address` split into host (IPv6 without brackets) and port, or nil when it is not a valid
    /// `host:port` / `[v6]:port` (validation reports that, so a loaded configuration always has one).
    public var hostAndPort: (host: String, port: Int)? {
        HostSyntax.hostAndPort(address)
    }
}
