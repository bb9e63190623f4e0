// Semantic checks run after decoding. Every problem is returned (with its key path; `ConfigLoader`
// adds lines), errors fail the load and warnings are reported. Origins and distributions are checked
// in their own files.

extension EdgeConfiguration {
    /// Checks everything decoding cannot: uniqueness, references between sections, ranges, host-name and
    /// address syntax, and that files and directories named (relative to `baseDirectory`) exist.
    /// Problems carry `file` and a key path, but no line (see `LoadedConfiguration.locate(_:)`).
    public func validate(baseDirectory: String, file: String) -> [ConfigProblem] {
        var report = ValidationReport(file: file, baseDirectory: baseDirectory)
        validateNode(&report)
        validateListeners(&report)
        validateCertificates(&report)
        validateDNS(&report)
        validateHealthChecks(&report)
        validateResolver(&report)
        validateOrigins(&report)
        validateOriginGroups(&report)
        validateDistributions(&report)
        validateLimits(&report)
        return report.problems
    }

    private func validateNode(_ report: inout ValidationReport) {
        if node.name.isEmpty || node.name.contains(where: \.isWhitespace) {
            report.error("node.name", "the node name must be non-empty and without spaces (it appears in Via)")
        }
        if node.stateDirectory.isEmpty {
            report.error("node.stateDirectory", "stateDirectory must not be empty")
        }
    }

    private func validateListeners(_ report: inout ValidationReport) {
        report.requireUnique(listeners.map(\.name), what: "listener name") { "listeners[\($0)].name" }
        var boundAt: [String: Int] = [:]
        for (index, listener) in listeners.enumerated() {
            let path = "listeners[\(index)]"
            if listener.name.isEmpty { report.error("\(path).name", "a listener needs a non-empty name") }
            if let (host, port) = listener.hostAndPort {
                let key = "\(host.lowercased()):\(port)"
                if port != 0, let first = boundAt[key] {
                    report.error(
                        "\(path).address", "address '\(listener.address)' is already used by listeners[\(first)]")
                } else {
                    boundAt[key] = index
                }
            } else {
                report.error(
                    "\(path).address",
                    "'\(listener.address)' is not a valid address; expected host:port or [ipv6]:port with port 0–65535"
                )
            }
            switch listener.protocol {
            case .https where certificates.isEmpty:
                report.error(
                    "\(path).protocol",
                    "an https listener needs at least one entry in 'certificates' (a file pair or selfSigned: true)"
                )
            case .admin where listener.tokenFile?.isEmpty ?? true:
                report.error("\(path).tokenFile", "an admin listener needs tokenFile (a file holding its bearer token)")
            case .admin:
                report.requireExisting(listener.tokenFile ?? "", directory: false, at: "\(path).tokenFile")
            case .http, .https:
                if listener.tokenFile != nil {
                    report.warning("\(path).tokenFile", "tokenFile is only used by admin listeners; ignored here")
                }
            }
        }
        if !listeners.contains(where: { $0.protocol != .admin }) {
            report.warning("listeners", "no http or https listener: nothing will serve viewers")
        }
    }

    private func validateCertificates(_ report: inout ValidationReport) {
        var owner: [String: String] = [:]
        var defaultAt: Int?
        for (index, certificate) in certificates.enumerated() {
            let path = "certificates[\(index)]"
            if certificate.domains.isEmpty {
                report.error("\(path).domains", "a certificate needs at least one domain")
            }
            for (domainIndex, domain) in certificate.domains.enumerated() {
                let domainPath = "\(path).domains[\(domainIndex)]"
                if !HostSyntax.isHostNameOrWildcard(domain) {
                    report.error(
                        domainPath,
                        "'\(domain)' is not a valid DNS name (letters, digits, '-', dots; at most a single leading '*.')"
                    )
                }
                let key = domain.lowercased()
                if let first = owner[key] {
                    report.error(domainPath, "domain '\(domain)' is also in \(first); each domain has one certificate")
                } else {
                    owner[key] = domainPath
                }
            }
            validateCertificateSource(certificate, path: path, &report)
            if certificate.isDefault {
                if let first = defaultAt {
                    report.error(
                        "\(path).default", "only one certificate can be the default; certificates[\(first)] is")
                } else {
                    defaultAt = index
                }
            }
        }
    }

    private func validateCertificateSource(
        _ certificate: CertificateConfig, path: String, _ report: inout ValidationReport
    ) {
        let files = [("certificateFile", certificate.certificateFile), ("privateKeyFile", certificate.privateKeyFile)]
        if certificate.selfSigned {
            if files.contains(where: { $0.1 != nil }) {
                report.error(
                    "\(path).selfSigned",
                    "give either selfSigned: true or certificateFile and privateKeyFile, not both"
                )
            }
            return
        }
        let given = files.filter { $0.1 != nil }
        if given.isEmpty {
            report.error(path, "a certificate needs certificateFile and privateKeyFile, or selfSigned: true")
            return
        }
        for (key, value) in files {
            guard let value else {
                report.error("\(path).\(key)", "missing \(key): certificateFile and privateKeyFile go together")
                continue
            }
            report.requireExisting(value, directory: false, at: "\(path).\(key)")
        }
    }

    private func validateDNS(_ report: inout ValidationReport) {
        guard let dns else { return }
        dns.responseRateLimit.validate(&report)
        if let bytes = dns.packetCacheBytes, !(0...(1 << 30)).contains(bytes) {
            report.error("dns.packetCacheBytes", "\(bytes) is out of range; expected 0 (off) to 1073741824 bytes")
        }
        for (index, address) in dns.listeners.enumerated() where HostSyntax.hostAndPort(address) == nil {
            report.error(
                "dns.listeners[\(index)]",
                "'\(address)' is not a valid address; expected host:port or [ipv6]:port with port 0–65535"
            )
        }
        for (index, zone) in dns.zones.enumerated() {
            let path = "dns.zones[\(index)]"
            if zone.file.isEmpty {
                report.error("\(path).file", "a zone needs its file")
            }
            if !zone.file.isEmpty {
                let resolved = report.resolve(zone.file)
                if !ValidationReport.isFile(resolved) {
                    report.error("\(path).file", "'\(zone.file)' (\(resolved)) does not exist")
                }
            }
            if let policies = zone.policies, !policies.isEmpty {
                let resolved = report.resolve(policies)
                if !ValidationReport.isFile(resolved) {
                    report.error("\(path).policies", "'\(policies)' (\(resolved)) does not exist")
                }
            }
        }
    }

    private func validateLimits(_ report: inout ValidationReport) {
        if limits.maxRequestHeaderBytes <= 0 {
            report.error("limits.maxRequestHeaderBytes", "must be positive, got \(limits.maxRequestHeaderBytes)")
        }
        if limits.maxURLBytes <= 0 {
            report.error("limits.maxURLBytes", "must be positive, got \(limits.maxURLBytes)")
        }
        report.requireDuration("limits.viewerIdleTimeout", limits.viewerIdleTimeout, seconds: 1...3600)
        report.requireDuration("limits.tlsHandshakeTimeout", limits.tlsHandshakeTimeout, seconds: 1...60)
    }
}
