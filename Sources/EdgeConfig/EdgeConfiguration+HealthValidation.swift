// Semantic checks of `healthChecks:` and `resolver:` (Route 53's limits for the former).

extension EdgeConfiguration {
    func validateHealthChecks(_ report: inout ValidationReport) {
        report.requireUnique(healthChecks.map(\.id), what: "health check id") { "healthChecks[\($0)].id" }
        for (index, check) in healthChecks.enumerated() {
            let path = "healthChecks[\(index)]"
            if check.id.isEmpty { report.error("\(path).id", "a health check needs a non-empty id") }
            if check.hostAndPort == nil || check.hostAndPort?.port == 0 {
                report.error(
                    "\(path).target",
                    "'\(check.target)' is not a valid target; expected host:port or [ipv6]:port with port 1–65535")
            }
            if ![10, 30].contains(check.requestInterval) {
                report.error(
                    "\(path).requestInterval",
                    "requestInterval must be 10 or 30 (seconds, as in Route 53), got \(check.requestInterval)")
            }
            if !(1...10).contains(check.failureThreshold) {
                report.error("\(path).failureThreshold", "failureThreshold must be 1–10, got \(check.failureThreshold)")
            }
            validateHTTPParts(of: check, path: path, &report)
        }
    }

    private func validateHTTPParts(of check: HealthCheckConfig, path: String, _ report: inout ValidationReport) {
        guard check.type.isHTTP else {
            if check.searchString != nil || check.resourcePath != "/" {
                report.warning(path, "resourcePath and searchString are used by HTTP and HTTPS checks only; ignored")
            }
            return
        }
        if !check.resourcePath.hasPrefix("/") || check.resourcePath.utf8.count > 255
            || check.resourcePath.contains(where: { $0.isWhitespace })
        {
            report.error(
                "\(path).resourcePath", "resourcePath must start with '/', have no spaces and at most 255 bytes")
        }
        if let search = check.searchString {
            if search.isEmpty || search.utf8.count > HealthCheckConfig.maximumSearchStringLength {
                report.error("\(path).searchString", "searchString must be 1–255 bytes")
            }
        } else if check.type.requiresSearchString {
            report.error("\(path).searchString", "type \(check.type.rawValue) needs a searchString")
        }
        if let name = check.fullyQualifiedDomainName, !HostSyntax.isHostName(name) {
            report.error("\(path).fullyQualifiedDomainName", "'\(name)' is not a valid DNS name")
        }
    }

    func validateResolver(_ report: inout ValidationReport) {
        for (index, address) in resolver.nameservers.enumerated() {
            let parsed = HostSyntax.hostAndPort(address)
            let isAddress = parsed.map { HostSyntax.isIPv4($0.host) || HostSyntax.isIPv6($0.host) } ?? false
            if !isAddress || parsed?.port == 0 {
                report.error(
                    "resolver.nameservers[\(index)]",
                    "'\(address)' is not a nameserver address; expected ip:port or [ipv6]:port")
            }
        }
        if let attempts = resolver.attempts, !(1...5).contains(attempts) {
            report.error("resolver.attempts", "attempts must be 1–5, got \(attempts)")
        }
        if let timeout = resolver.timeout, timeout <= .zero || timeout > .seconds(30) {
            report.error("resolver.timeout", "timeout must be above 0 and at most 30s")
        }
        if resolver.maximumTTL < .seconds(1) {
            report.error("resolver.maximumTTL", "maximumTTL must be at least 1s")
        }
        if resolver.maximumNegativeTTL < .zero {
            report.error("resolver.maximumNegativeTTL", "maximumNegativeTTL must not be negative")
        }
        if let hosts = resolver.hostsFile, !hosts.isEmpty {
            report.requireExisting(hosts, directory: false, at: "resolver.hostsFile")
        }
    }
}
