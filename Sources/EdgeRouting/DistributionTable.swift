import EdgeConfig

/// Host name → distribution, for the enabled distributions of a configuration.
///
/// A `Host` (or `:authority`) value is normalised first (see ``HostName``): port and one trailing dot
/// removed, ASCII case ignored. Then exact aliases are tried, then wildcard aliases: `*.example.test`
/// matches exactly one extra leading, non-empty label (`a.example.test`, but neither `a.b.example.test`
/// nor `example.test`). Because a wildcard covers one label only, at most one wildcard alias can match a
/// given host (the one whose suffix is the host minus its first label), so "the longest suffix wins"
/// holds trivially. When two distributions list the same alias, the first in configuration order wins
/// (configuration validation is expected to reject that). Lookups do not allocate.
public struct DistributionTable: Sendable {
    private let exact: HostTable
    private let wildcard: HostTable

    /// Indexes the aliases of the enabled distributions; returned indices point into `distributions`.
    /// Aliases starting with `*.` are wildcards; any other alias is matched exactly, as written (lowercased,
    /// one trailing dot removed).
    public init(_ distributions: [DistributionConfig]) {
        var exact: [(key: [UInt8], value: Int)] = []
        var wildcard: [(key: [UInt8], value: Int)] = []
        for (index, distribution) in distributions.enumerated() where distribution.enabled {
            for alias in distribution.aliases {
                let name = Array(HostName.normalized(alias[...]).utf8)
                if name.count > 2, name[0] == UInt8(ascii: "*"), name[1] == UInt8(ascii: ".") {
                    wildcard.append((Array(name.dropFirst(2)), index))
                } else if !name.isEmpty {
                    exact.append((name, index))
                }
            }
        }
        self.exact = HostTable(exact)
        self.wildcard = HostTable(wildcard)
    }

    /// Number of distinct exact and wildcard aliases indexed.
    public var aliasCount: Int { exact.count + wildcard.count }

    /// The index (into the array given at init) of the distribution serving `host`, or nil.
    public func distribution(forHost host: Substring) -> Int? {
        if let index = host.utf8.withContiguousStorageIfAvailable({ distribution(forHostUTF8: .init($0)) }) {
            return index
        }
        return Array(host.utf8).withUnsafeBytes { distribution(forHostUTF8: $0) }
    }

    /// The index of the distribution serving the host given as UTF-8 bytes, or nil. Does not allocate.
    public func distribution(forHostUTF8 host: UnsafeRawBufferPointer) -> Int? {
        let span = HostName.span(of: host)
        if let index = exact.value(host, span) { return index }
        var dot = span.lowerBound
        while dot < span.upperBound, host[dot] != UInt8(ascii: ".") { dot += 1 }
        guard dot > span.lowerBound, dot + 1 < span.upperBound else { return nil }
        return wildcard.value(host, (dot + 1)..<span.upperBound)
    }
}
