import EdgeConfig
import Testing

@testable import EdgeProxy

private func distribution(_ policy: ViewerProtocolPolicy, behaviorPolicy: ViewerProtocolPolicy? = nil)
    -> (DistributionConfig, CacheBehaviorConfig)
{
    let behavior = CacheBehaviorConfig(targetOriginId: "site", viewerProtocolPolicy: behaviorPolicy)
    return (
        DistributionConfig(
            id: "d", aliases: ["a.test"], viewerProtocolPolicy: policy,
            defaultCacheBehavior: behavior), behavior
    )
}

@Test func redirectKeepsPathAndQueryAndUsesHTTPSPort() {
    let (d, b) = distribution(.redirectToHTTPS)
    let decision = ViewerPolicy.decide(
        isHTTPS: false, method: "GET", host: "a.test:8080", target: "/x/y?q=1&r=2", httpsPort: 8443,
        distribution: d, behavior: b)
    #expect(decision == .redirect(location: "https://a.test:8443/x/y?q=1&r=2"))
}

@Test func redirectToDefaultPortOmitsPort() {
    let (d, b) = distribution(.redirectToHTTPS)
    let decision = ViewerPolicy.decide(
        isHTTPS: false, method: "GET", host: "a.test", target: "/", httpsPort: 443, distribution: d, behavior: b)
    #expect(decision == .redirect(location: "https://a.test/"))
    let v6 = ViewerPolicy.httpsURL(host: "[::1]:80", target: "/p", httpsPort: 8443)
    #expect(v6 == "https://[::1]:8443/p")
}

@Test func httpsOnlyRefusesPlainHTTPButServesTLS() {
    let (d, b) = distribution(.httpsOnly)
    #expect(
        ViewerPolicy.decide(
            isHTTPS: false, method: "GET", host: "a.test", target: "/", httpsPort: nil,
            distribution: d, behavior: b) == .httpsRequired)
    #expect(
        ViewerPolicy.decide(
            isHTTPS: true, method: "GET", host: "a.test", target: "/", httpsPort: nil,
            distribution: d, behavior: b) == .proceed)
}

@Test func behaviorPolicyOverridesDistribution() {
    let (d, b) = distribution(.redirectToHTTPS, behaviorPolicy: .allowAll)
    #expect(
        ViewerPolicy.decide(
            isHTTPS: false, method: "GET", host: "a.test", target: "/", httpsPort: nil,
            distribution: d, behavior: b) == .proceed)
}

@Test func disallowedMethodGets405WithAllow() {
    let (d, b) = distribution(.allowAll)
    #expect(
        ViewerPolicy.decide(
            isHTTPS: false, method: "POST", host: "a.test", target: "/", httpsPort: nil,
            distribution: d, behavior: b) == .methodNotAllowed(allow: "GET, HEAD"))
    // Methods are case-sensitive (RFC 9110 §9.1).
    #expect(
        ViewerPolicy.decide(
            isHTTPS: false, method: "get", host: "a.test", target: "/", httpsPort: nil,
            distribution: d, behavior: b) == .methodNotAllowed(allow: "GET, HEAD"))
}

@Test func hopByHopIncludesConnectionNominatedHeaders() {
    let h = HopByHopHeaders(connectionValues: ["keep-alive, X-Secret", " close "])
    #expect(h.isHopByHop("Connection"))
    #expect(h.isHopByHop("Transfer-Encoding"))
    #expect(h.isHopByHop("x-secret"))
    #expect(h.isHopByHop("Keep-Alive"))
    #expect(!h.isHopByHop("Content-Type"))
    #expect(!h.isHopByHop("X-Public"))
    #expect(h.requestsClose)
}

@Test func forwardedHeadersAppend() {
    #expect(ForwardedHeaders.forwardedFor(existing: nil, clientAddress: "127.0.0.1") == "127.0.0.1")
    #expect(ForwardedHeaders.forwardedFor(existing: "10.0.0.1", clientAddress: "127.0.0.1") == "10.0.0.1, 127.0.0.1")
    #expect(ForwardedHeaders.via(existing: "1.1 a", protocolVersion: "1.1", nodeName: "n1") == "1.1 a, 1.1 n1 (edge)")
    #expect(!ForwardedHeaders.isLoop(via: "1.1 n1 (edge)", nodeName: "n1"))
    #expect(ForwardedHeaders.isLoop(via: "1.1 n1 (edge), 1.1 n1 (edge)", nodeName: "n1"))
    #expect(!ForwardedHeaders.isLoop(via: "1.1 n2 (edge)", nodeName: "n1"))
}
