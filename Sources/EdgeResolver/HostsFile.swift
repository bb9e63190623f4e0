import EdgeDNS

/// The text of a hosts file (`/etc/hosts`, hosts(5)), parsed into name → addresses.
///
/// Each line is an address followed by one or more names; `#` starts a comment. Names match ASCII
/// case-insensitively and with or without a trailing dot. Addresses keep file order (a name listed on
/// several lines gets all of them, duplicates once); lines with a malformed address, or an IPv6 address
/// with a `%zone`, are skipped.
///
/// ```swift
/// let hosts = HostsFile(parsing: "127.0.0.1 localhost\n::1 localhost ip6-localhost\n")
/// hosts.lookup("LOCALHOST.")?.ipv6   // [::1]
/// ```
public struct HostsFile: Sendable, Hashable {
    /// The addresses of one name.
    public struct Entry: Sendable, Hashable {
        /// IPv4 addresses, in file order.
        public var ipv4: [IPv4Address]
        /// IPv6 addresses, in file order.
        public var ipv6: [IPv6Address]

        /// Creates an entry.
        public init(ipv4: [IPv4Address] = [], ipv6: [IPv6Address] = []) {
            self.ipv4 = ipv4
            self.ipv6 = ipv6
        }
    }

    /// The entries, keyed by normalized name (see `HostName.normalize(_:)`).
    public private(set) var entries: [String: Entry]

    /// An empty hosts file.
    public static let empty = HostsFile(parsing: "")

    /// Parses hosts-file text; never fails (malformed lines are skipped).
    public init(parsing text: String) {
        entries = [:]
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = rawLine.prefix { $0 != "#" }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 2 else { continue }
            let ipv4 = IPv4Address(fields[0])
            let ipv6 = ipv4 == nil ? IPv6Address(fields[0]) : nil
            guard ipv4 != nil || ipv6 != nil else { continue }
            for name in fields.dropFirst() {
                let key = HostName.normalize(name)
                guard !key.isEmpty else { continue }
                var entry = entries[key] ?? Entry()
                if let ipv4, !entry.ipv4.contains(ipv4) { entry.ipv4.append(ipv4) }
                if let ipv6, !entry.ipv6.contains(ipv6) { entry.ipv6.append(ipv6) }
                entries[key] = entry
            }
        }
    }

    /// The addresses of `host`, or nil if the file does not name it.
    public func lookup(_ host: String) -> Entry? {
        entries[HostName.normalize(host)]
    }
}
