import EdgeDNS

/// The parts of `/etc/resolv.conf` (resolv.conf(5)) the stub resolver uses, parsed from its text.
///
/// Read as glibc reads it: a keyword first on a line, `#` or `;` start a comment, unknown
/// keywords and malformed values are skipped, the last `search`/`domain` line wins, at most three
/// nameservers (glibc's `MAXNS`), and option values are capped where glibc caps them.
///
/// ```swift
/// let conf = ResolvConf(parsing: "nameserver 192.0.2.53\noptions timeout:1 attempts:3\n")
/// conf.nameservers   // ["192.0.2.53"]
/// conf.timeout       // 1
/// ```
public struct ResolvConf: Sendable, Hashable {
    /// The most nameservers kept, as glibc's `MAXNS`.
    public static let maximumNameservers = 3

    /// Nameserver addresses as written (IPv4 or IPv6 text, an IPv6 zone such as `%eth0` kept), in order.
    public var nameservers: [String]
    /// The search list (`search`, or `domain`), kept for information: the resolver does not use it.
    public var search: [String]
    /// `options timeout:N`: seconds to wait for one nameserver, 1–30; nil if not given.
    public var timeout: Int?
    /// `options attempts:N`: rounds over the nameservers, 1–5; nil if not given.
    public var attempts: Int?
    /// `options ndots:N`, 0–15; kept for information (it only matters with a search list).
    public var ndots: Int?
    /// `options rotate`: kept for information; the resolver always tries nameservers in order.
    public var rotate: Bool

    /// Creates a configuration from its parts.
    public init(
        nameservers: [String] = [], search: [String] = [], timeout: Int? = nil, attempts: Int? = nil,
        ndots: Int? = nil, rotate: Bool = false
    ) {
        self.nameservers = nameservers
        self.search = search
        self.timeout = timeout
        self.attempts = attempts
        self.ndots = ndots
        self.rotate = rotate
    }

    /// Parses resolv.conf text; never fails (what it cannot read it skips, as glibc does).
    public init(parsing text: String) {
        self.init()
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = rawLine.prefix { $0 != "#" && $0 != ";" }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = fields.first else { continue }
            let values = fields.dropFirst()
            switch keyword {
            case "nameserver":
                guard let address = values.first, Self.isAddress(address),
                    nameservers.count < Self.maximumNameservers
                else { continue }
                nameservers.append(address)
            case "search", "domain":
                search = keyword == "domain" ? Array(values.prefix(1)) : Array(values)
            case "options":
                values.forEach { apply(option: $0) }
            default:
                continue
            }
        }
    }

    private mutating func apply(option: String) {
        if option == "rotate" {
            rotate = true
            return
        }
        let parts = option.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let value = Int(parts[1]), value >= 0 else { return }
        switch parts[0] {
        case "timeout": timeout = min(max(value, 1), 30)
        case "attempts": attempts = min(max(value, 1), 5)
        case "ndots": ndots = min(value, 15)
        default: break
        }
    }

    /// Whether `text` is an IPv4 address or an IPv6 address, with or without a `%zone`.
    static func isAddress(_ text: String) -> Bool {
        if IPv4Address(text) != nil { return true }
        let address = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
        return IPv6Address(String(address[0])) != nil && (address.count == 1 || !address[1].isEmpty)
    }
}
