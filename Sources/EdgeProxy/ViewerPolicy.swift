import EdgeConfig

/// The `viewerPolicy` phase: what the viewer's scheme and method allow, before anything goes upstream.
///
/// Runs after `matchBehavior`. `.proceed` means the request continues to `requestFilter`; every other
/// result is answered by the edge itself.
public enum ViewerDecision: Sendable, Equatable {
    /// Continue to the next phase.
    case proceed
    /// 301 to this absolute URL (`redirect-to-https`).
    case redirect(location: String)
    /// 403: the behavior is `https-only` and the request came over plain HTTP.
    case httpsRequired
    /// 405 with `Allow` listing the behavior's methods.
    case methodNotAllowed(allow: String)
}

/// Pure evaluation of `viewerProtocolPolicy` and `allowedMethods`.
public enum ViewerPolicy {
    /// Decides what to do with a request before it reaches the request filters.
    ///
    /// - Parameters:
    ///   - isHTTPS: whether the viewer connection is TLS.
    ///   - method: the request method, as sent.
    ///   - host: the Host header (port included when the client sent one).
    ///   - target: the request target (path and query), as sent.
    ///   - httpsPort: the port of the node's HTTPS listener, to put in redirects when it is not 443.
    ///   - distribution: the matched distribution.
    ///   - behavior: the matched behavior.
    /// - Returns: `.proceed`, or the answer the edge gives itself.
    public static func decide(
        isHTTPS: Bool, method: String, host: String, target: String, httpsPort: Int?,
        distribution: DistributionConfig, behavior: CacheBehaviorConfig
    ) -> ViewerDecision {
        decide(
            isHTTPS: isHTTPS, method: method, host: host, target: target, httpsPort: httpsPort,
            policy: behavior.viewerProtocolPolicy ?? distribution.viewerProtocolPolicy,
            allowedMethods: behavior.allowedMethods)
    }

    /// The same decision from the two settings it depends on (the behavior's policy, or else the
    /// distribution's, and the behavior's allowed methods), for callers that keep them resolved.
    public static func decide(
        isHTTPS: Bool, method: String, host: String, target: String, httpsPort: Int?,
        policy: ViewerProtocolPolicy, allowedMethods: [String]
    ) -> ViewerDecision {
        if !isHTTPS {
            switch policy {
            case .allowAll:
                break
            case .httpsOnly:
                return .httpsRequired
            case .redirectToHTTPS:
                return .redirect(location: httpsURL(host: host, target: target, httpsPort: httpsPort))
            }
        }
        if !allowedMethods.contains(method) {
            return .methodNotAllowed(allow: allowedMethods.joined(separator: ", "))
        }
        return .proceed
    }

    /// `https://host[:port]target`, replacing any port in `host` by the HTTPS listener's.
    static func httpsURL(host: String, target: String, httpsPort: Int?) -> String {
        var name = Substring(host)
        if name.hasPrefix("[") {
            if let close = name.firstIndex(of: "]") { name = name[...close] }
        } else if let colon = name.lastIndex(of: ":") {
            name = name[..<colon]
        }
        let port = (httpsPort == nil || httpsPort == 443) ? "" : ":\(httpsPort!)"
        let path = target.isEmpty ? "/" : target
        return "https://\(name)\(port)\(path)"
    }
}
