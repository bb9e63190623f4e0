import Foundation

/// The headers an edge adds to a request it forwards (`upstreamRequestFilter`).
public enum ForwardedHeaders {
    /// The `X-Forwarded-For` value: the existing chain, then the viewer's address.
    /// - Parameters:
    ///   - existing: the incoming `X-Forwarded-For` value, if any.
    ///   - clientAddress: the viewer's IP address (no port).
    public static func forwardedFor(existing: String?, clientAddress: String) -> String {
        guard let existing, !existing.isEmpty else { return clientAddress }
        return existing + ", " + clientAddress
    }

    /// The `Via` value: any existing chain, then this hop.
    /// - Parameters:
    ///   - existing: the incoming `Via` value, if any.
    ///   - protocolVersion: `1.1` or `2`.
    ///   - nodeName: this node's name.
    public static func via(existing: String?, protocolVersion: String, nodeName: String) -> String {
        via(existing: existing, hop: hop(protocolVersion: protocolVersion, nodeName: nodeName))
    }

    /// This hop's `Via` entry: `1.1 NAME (edge)`.
    public static func hop(protocolVersion: String, nodeName: String) -> String {
        "\(protocolVersion) \(nodeName) (edge)"
    }

    /// The `Via` value with `hop` (from ``hop(protocolVersion:nodeName:)``, built once) after any existing chain.
    public static func via(existing: String?, hop: String) -> String {
        guard let existing, !existing.isEmpty else { return hop }
        return existing + ", " + hop
    }

    /// Whether a `Via` chain shows a forwarding loop: this node already appears twice. One earlier
    /// pass is allowed, so a node that plays several roles (edge → its own regional gateway, or an
    /// origin that is another distribution of the same node) can forward to itself once.
    public static func isLoop(via: String?, nodeName: String) -> Bool {
        guard let via else { return false }
        return via.components(separatedBy: " \(nodeName) (edge)").count > 2
    }
}
