// Validation of `origins:` and `originGroups:`.

extension EdgeConfiguration {
    /// Statuses CloudFront allows as origin-group failover criteria.
    static let failoverStatusCodes: Set<Int> = [400, 403, 404, 416, 500, 502, 503, 504]

    func validateOrigins(_ report: inout ValidationReport) {
        report.requireUnique(origins.map(\.id), what: "origin id") { "origins[\($0)].id" }
        for (index, origin) in origins.enumerated() {
            let path = "origins[\(index)]"
            if origin.id.isEmpty { report.error("\(path).id", "an origin needs a non-empty id") }
            validateKind(origin.kind, path: path, &report)
            if !(1...3).contains(origin.connectionAttempts) {
                report.error(
                    "\(path).connectionAttempts", "must be 1–3 (CloudFront's range), got \(origin.connectionAttempts)")
            }
            if !(0...16384).contains(origin.maxIdleConnections) {
                report.error(
                    "\(path).maxIdleConnections", "must be 0–16384, got \(origin.maxIdleConnections)")
            }
            let cloudFront = " (CloudFront's range)"
            report.requireDuration(
                "\(path).connectionTimeout", origin.connectionTimeout, seconds: 1...10, whose: cloudFront)
            report.requireDuration(
                "\(path).responseTimeout", origin.responseTimeout, seconds: 1...180, whose: cloudFront)
            report.requireDuration(
                "\(path).keepaliveTimeout", origin.keepaliveTimeout, seconds: 1...180, whose: cloudFront)
            for (headerIndex, header) in origin.customHeaders.enumerated()
            where !ValidationReport.isHeaderName(header.name) {
                report.error(
                    "\(path).customHeaders[\(headerIndex)].name", "'\(header.name)' is not a valid header name")
            }
        }
    }

    private func validateKind(_ kind: OriginKind, path: String, _ report: inout ValidationReport) {
        switch kind {
        case .http(let settings):
            switch HostSyntax.httpURL(settings.url) {
            case .success:
                break
            case .failure(.httpsNotSupported):
                report.error("\(path).http.url", "https origins are not supported yet; use an http:// URL")
            case .failure(.malformed(let reason)):
                report.error(
                    "\(path).http.url",
                    "'\(settings.url)' is not a valid origin URL (http://host[:port][/path]): \(reason)"
                )
            }
        case .directory(let settings):
            if settings.path.isEmpty {
                report.error("\(path).directory.path", "a directory origin needs a path")
            } else {
                report.requireExisting(settings.path, directory: true, at: "\(path).directory.path")
            }
            if settings.indexDocument.isEmpty || settings.indexDocument.contains("/") {
                report.error(
                    "\(path).directory.indexDocument",
                    "must be a file name without '/', got '\(settings.indexDocument)'"
                )
            }
        case .s3(let settings):
            report.warning("\(path).s3", "s3 origins are not served yet; requests to it get 502")
            if settings.bucket.isEmpty { report.error("\(path).s3.bucket", "an s3 origin needs a bucket") }
            if settings.region.isEmpty { report.error("\(path).s3.region", "region must not be empty") }
            if let endpoint = settings.endpoint, !(endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://")) {
                report.error("\(path).s3.endpoint", "'\(endpoint)' is not an http:// or https:// URL")
            }
        }
    }

    func validateOriginGroups(_ report: inout ValidationReport) {
        let originIDs = Set(origins.map(\.id))
        let groupIDs = Set(originGroups.map(\.id))
        report.requireUnique(originGroups.map(\.id), what: "origin group id") { "originGroups[\($0)].id" }
        for (index, group) in originGroups.enumerated() {
            let path = "originGroups[\(index)]"
            if group.id.isEmpty {
                report.error("\(path).id", "an origin group needs a non-empty id")
            } else if originIDs.contains(group.id) {
                report.error(
                    "\(path).id", "'\(group.id)' is already an origin id; groups and origins share one namespace")
            }
            if group.members.count < 2 {
                report.error("\(path).members", "an origin group needs at least 2 members, got \(group.members.count)")
            }
            report.requireUnique(group.members, what: "member") { "\(path).members[\($0)]" }
            for (memberIndex, member) in group.members.enumerated() where !originIDs.contains(member) {
                let memberPath = "\(path).members[\(memberIndex)]"
                if groupIDs.contains(member) {
                    report.error(
                        memberPath, "'\(member)' is an origin group; members must be origins (groups do not nest)")
                } else {
                    let hint = KeySuggestion.nearest(to: member, in: origins.map(\.id)).map {
                        "; did you mean '\($0)'?"
                    }
                    report.error(memberPath, "no origin has id '\(member)'\(hint ?? "")")
                }
            }
            let codesPath = "\(path).failoverCriteria.statusCodes"
            if group.failoverStatusCodes.isEmpty {
                report.error(codesPath, "needs at least one status code")
            }
            let allowed = Self.failoverStatusCodes.sorted().map(String.init).joined(separator: ", ")
            for (codeIndex, code) in group.failoverStatusCodes.enumerated()
            where !Self.failoverStatusCodes.contains(code) {
                report.error("\(codesPath)[\(codeIndex)]", "\(code) cannot trigger failover; allowed: \(allowed)")
            }
        }
    }
}
