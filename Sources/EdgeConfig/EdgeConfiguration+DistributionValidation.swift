// Validation of `distributions:` and their behaviors.

extension EdgeConfiguration {
    /// HTTP methods a behavior may allow.
    static let knownMethods = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    /// The method sets CloudFront offers for `allowedMethods`.
    static let cloudFrontMethodSets: [Set<String>] = [
        ["GET", "HEAD"], ["GET", "HEAD", "OPTIONS"], Set(knownMethods),
    ]
    /// Methods whose responses may be cached.
    static let cacheableMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]
    /// Characters CloudFront allows in a path pattern besides ASCII letters and digits.
    static let pathPatternPunctuation = Set("_-.*$/~\"'@:+&?")

    func validateDistributions(_ report: inout ValidationReport) {
        if distributions.isEmpty {
            report.warning("distributions", "no distributions: every request will get 404")
        }
        report.requireUnique(distributions.map(\.id), what: "distribution id") { "distributions[\($0)].id" }
        var aliasOwner: [String: String] = [:]
        let hasHTTPS = listeners.contains { $0.protocol == .https }
        for (index, distribution) in distributions.enumerated() {
            let path = "distributions[\(index)]"
            if distribution.id.isEmpty { report.error("\(path).id", "a distribution needs a non-empty id") }
            for (aliasIndex, alias) in distribution.aliases.enumerated() {
                let aliasPath = "\(path).aliases[\(aliasIndex)]"
                // IP literals are allowed too (unlike CloudFront), so a node reached by its address works.
                if !HostSyntax.isHostNameOrWildcard(alias) && !HostSyntax.isIPv4(alias) && !HostSyntax.isIPv6(alias) {
                    report.error(
                        aliasPath,
                        "'\(alias)' is not a valid host name or IP address (a single leading '*.' is allowed)")
                }
                let key = alias.lowercased()
                if let first = aliasOwner[key] {
                    report.error(
                        aliasPath, "alias '\(alias)' is already used by \(first); an alias belongs to one distribution")
                } else {
                    aliasOwner[key] = aliasPath
                }
            }
            report.requireUnique(distribution.cacheBehaviors.map { $0.pathPattern ?? "" }, what: "pathPattern") {
                "\(path).cacheBehaviors[\($0)].pathPattern"
            }
            for (behaviorIndex, behavior) in distribution.cacheBehaviors.enumerated() {
                validateBehavior(behavior, path: "\(path).cacheBehaviors[\(behaviorIndex)]", &report)
            }
            validateBehavior(distribution.defaultCacheBehavior, path: "\(path).defaultCacheBehavior", &report)
            validateErrorResponses(distribution.customErrorResponses, path: path, &report)
            let policies =
                [distribution.viewerProtocolPolicy]
                + (distribution.cacheBehaviors + [distribution.defaultCacheBehavior]).compactMap(\.viewerProtocolPolicy)
            if !hasHTTPS, policies.contains(where: { $0 != .allowAll }) {
                report.warning(
                    "\(path).viewerProtocolPolicy",
                    "redirect-to-https or https-only is used but there is no https listener"
                )
            }
        }
    }

    private func validateBehavior(_ behavior: CacheBehaviorConfig, path: String, _ report: inout ValidationReport) {
        let targets = origins.map(\.id) + originGroups.map(\.id)
        if !targets.contains(behavior.targetOriginId), !behavior.targetOriginId.isEmpty {
            let hint = KeySuggestion.nearest(to: behavior.targetOriginId, in: targets).map { "; did you mean '\($0)'?" }
            report.error(
                "\(path).targetOriginId", "no origin or origin group has id '\(behavior.targetOriginId)'\(hint ?? "")"
            )
        } else if behavior.targetOriginId.isEmpty {
            report.error("\(path).targetOriginId", "targetOriginId must name an origin or origin group")
        }
        if let pattern = behavior.pathPattern {
            validatePathPattern(pattern, path: "\(path).pathPattern", &report)
        }
        validateMethods(behavior, path: path, &report)
        if case .custom(let minTTL, let defaultTTL, let maxTTL) = behavior.cachePolicy,
            !(0 <= minTTL && minTTL <= defaultTTL && defaultTTL <= maxTTL)
        {
            report.error(
                "\(path).cachePolicy",
                "TTLs must satisfy 0 ≤ minTTL ≤ defaultTTL ≤ maxTTL, got \(minTTL), \(defaultTTL), \(maxTTL)"
            )
        }
        if behavior.maxRequestBodyBytes <= 0 {
            report.error("\(path).maxRequestBodyBytes", "must be positive, got \(behavior.maxRequestBodyBytes)")
        }
        let policyPath = "\(path).responseHeadersPolicy"
        for (index, header) in behavior.responseHeadersPolicy.customHeaders.enumerated()
        where !ValidationReport.isHeaderName(header.header) {
            report.error(
                "\(policyPath).customHeaders[\(index)].header", "'\(header.header)' is not a valid header name")
        }
        for (index, name) in behavior.responseHeadersPolicy.removeHeaders.enumerated()
        where !ValidationReport.isHeaderName(name) {
            report.error("\(policyPath).removeHeaders[\(index)]", "'\(name)' is not a valid header name")
        }
    }

    private func validatePathPattern(_ pattern: String, path: String, _ report: inout ValidationReport) {
        if pattern.isEmpty {
            report.error(path, "pathPattern must not be empty")
            return
        }
        if pattern.count > 255 {
            report.error(path, "pathPattern is \(pattern.count) characters; at most 255 are allowed")
        }
        let bad = pattern.filter {
            !($0.isASCII && ($0.isLetter || $0.isNumber)) && !Self.pathPatternPunctuation.contains($0)
        }
        if let first = bad.first {
            report.error(
                path,
                "'\(first)' is not allowed in a path pattern (allowed: A-Z a-z 0-9 _ - . * $ / ~ \" ' @ : + & ?)"
            )
        }
        if pattern == "*" || pattern == "/*" {
            report.warning(
                path, "'\(pattern)' matches every path: later behaviors and defaultCacheBehavior never apply")
        }
    }

    private func validateMethods(_ behavior: CacheBehaviorConfig, path: String, _ report: inout ValidationReport) {
        for (key, methods) in [("allowedMethods", behavior.allowedMethods), ("cachedMethods", behavior.cachedMethods)] {
            for (index, method) in methods.enumerated() where !Self.knownMethods.contains(method) {
                let hint = KeySuggestion.nearest(to: method, in: Self.knownMethods).map { "; did you mean '\($0)'?" }
                report.error(
                    "\(path).\(key)[\(index)]",
                    "unknown method '\(method)'\(hint ?? "; expected one of \(Self.knownMethods.joined(separator: ", "))")"
                )
            }
        }
        let allowed = Set(behavior.allowedMethods)
        if allowed.isSubset(of: Set(Self.knownMethods)), !Self.cloudFrontMethodSets.contains(allowed) {
            report.warning(
                "\(path).allowedMethods",
                "CloudFront allows only [GET, HEAD], [GET, HEAD, OPTIONS] or all seven methods; "
                    + "this set is served as written"
            )
        }
        for (index, method) in behavior.cachedMethods.enumerated() where Self.knownMethods.contains(method) {
            if !Self.cacheableMethods.contains(method) {
                report.error(
                    "\(path).cachedMethods[\(index)]", "\(method) responses are never cached; use GET, HEAD, OPTIONS")
            } else if !allowed.contains(method) {
                report.error("\(path).cachedMethods[\(index)]", "\(method) is not in allowedMethods")
            }
        }
    }

    private func validateErrorResponses(
        _ responses: [CustomErrorResponse], path: String, _ report: inout ValidationReport
    ) {
        report.requireUnique(responses.map { String($0.errorCode) }, what: "errorCode") {
            "\(path).customErrorResponses[\($0)].errorCode"
        }
        for (index, response) in responses.enumerated() {
            let responsePath = "\(path).customErrorResponses[\(index)]"
            if !(400...599).contains(response.errorCode) {
                report.error("\(responsePath).errorCode", "must be 400–599, got \(response.errorCode)")
            }
            if let code = response.responseCode, !(200...599).contains(code) {
                report.error("\(responsePath).responseCode", "must be 200–599, got \(code)")
            }
            if let page = response.responsePagePath, !page.hasPrefix("/") {
                report.error("\(responsePath).responsePagePath", "must start with '/', got '\(page)'")
            }
            if response.errorCachingMinTTL < 0 {
                report.error(
                    "\(responsePath).errorCachingMinTTL", "must not be negative, got \(response.errorCachingMinTTL)")
            }
        }
    }
}
