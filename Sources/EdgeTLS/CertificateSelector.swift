import EdgeConfig

/// Chooses which certificate answers a TLS connection, from the SNI server name alone.
///
/// The rules, in order (the `certificates:` contract in docs/configuration.md):
/// 1. an exact name (`www.example.test`);
/// 2. a one-label wildcard (`*.example.test` matches `a.example.test`, but neither
///    `a.b.example.test` nor `example.test`);
/// 3. the entry marked default.
///
/// Names are compared after ``normalize(_:)`` (ASCII lowercase, one trailing dot dropped).
/// When nothing matches and there is no default the result is `nil`, and the caller must refuse the
/// handshake: the selector never hands out another tenant's certificate except the configured default.
///
/// ```swift
/// let selector = CertificateSelector(entries: [.init(domains: ["*.example.test"], index: 0)], defaultIndex: nil)
/// selector.select(serverName: "A.Example.Test.")  // 0
/// selector.select(serverName: "a.b.example.test") // nil
/// ```
public struct CertificateSelector: Sendable, Equatable {
    /// One certificate's names and the caller's opaque index for it.
    public struct Entry: Sendable, Equatable {
        /// Exact names and `*.`-prefixed one-label wildcards.
        public var domains: [String]
        /// The caller's handle for this certificate (for example its position in `certificates:`).
        public var index: Int

        /// Creates an entry.
        /// - Parameters:
        ///   - domains: Exact names and `*.`-prefixed wildcards.
        ///   - index: The value ``CertificateSelector/select(serverName:)`` returns for these names.
        public init(domains: [String], index: Int) {
            self.domains = domains
            self.index = index
        }
    }

    /// Exact names (normalised) to index.
    private var exact: [String: Int] = [:]
    /// Wildcard parents (`example.test` for `*.example.test`, normalised) to index.
    private var wildcards: [String: Int] = [:]
    /// The index served when nothing else matches.
    public let defaultIndex: Int?

    /// Builds a selector. When two entries claim the same name, the earlier entry wins (config
    /// validation reports such duplicates).
    /// - Parameters:
    ///   - entries: Certificates and their names.
    ///   - defaultIndex: The index served for an absent or unknown name, or `nil` to refuse those.
    public init(entries: [Entry], defaultIndex: Int?) {
        self.defaultIndex = defaultIndex
        for entry in entries {
            for domain in entry.domains {
                let name = Self.normalize(domain)
                if let parent = Self.wildcardParent(of: name) {
                    if self.wildcards[parent] == nil { self.wildcards[parent] = entry.index }
                } else if !name.isEmpty, self.exact[name] == nil {
                    self.exact[name] = entry.index
                }
            }
        }
    }

    /// Builds a selector over `certificates:`: each entry's index is its position in the list, and the
    /// first entry with `default: true` is the default.
    /// - Parameter certificates: The configured certificates.
    public init(certificates: [CertificateConfig]) {
        self.init(
            entries: certificates.enumerated().map { Entry(domains: $0.element.domains, index: $0.offset) },
            defaultIndex: certificates.firstIndex(where: \.isDefault)
        )
    }

    /// Picks the certificate for a connection.
    /// - Parameter serverName: The SNI host name, or `nil` when the client sent none.
    /// - Returns: The matching entry's index, the default index, or `nil` when the handshake must be refused.
    public func select(serverName: String?) -> Int? {
        guard let serverName else { return self.defaultIndex }
        let name = Self.normalize(serverName)
        if let index = self.exact[name] {
            return index
        }
        // One wildcard label: drop exactly the first (non-empty) label and look the parent up.
        if let dot = name.firstIndex(of: "."), dot != name.startIndex {
            let parent = String(name[name.index(after: dot)...])
            if !parent.isEmpty, let index = self.wildcards[parent] {
                return index
            }
        }
        return self.defaultIndex
    }

    /// Normalises a host name for comparison: ASCII letters lowercased, one trailing dot removed.
    /// Non-ASCII bytes are left alone (SNI names are ASCII; IDNs arrive as `xn--` labels).
    /// - Parameter name: A host name or wildcard pattern.
    /// - Returns: The comparable form.
    public static func normalize(_ name: String) -> String {
        var bytes = Array(name.utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        for i in bytes.indices where bytes[i] >= UInt8(ascii: "A") && bytes[i] <= UInt8(ascii: "Z") {
            bytes[i] += 32
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The parent of a one-label wildcard pattern (`example.test` for `*.example.test`), or `nil` when
    /// `pattern` is not such a wildcard.
    private static func wildcardParent(of pattern: String) -> String? {
        guard pattern.hasPrefix("*.") else { return nil }
        let parent = String(pattern.dropFirst(2))
        return parent.isEmpty ? nil : parent
    }
}
