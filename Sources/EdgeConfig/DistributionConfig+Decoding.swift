// Decoding of `distributions:` and what a behavior holds; problems are recorded, not thrown
// (see `ObjectReader`).

extension DistributionConfig: Decodable {
    /// Decodes one entry of `distributions:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "a distribution",
            allowed: [
                "id", "aliases", "enabled", "viewerProtocolPolicy", "debugHeaders", "cacheBehaviors",
                "defaultCacheBehavior", "customErrorResponses",
            ]
        )
        self.init(
            id: reader.string("id", required: true) ?? "",
            aliases: reader.strings("aliases") ?? [],
            enabled: reader.bool("enabled") ?? true,
            viewerProtocolPolicy: reader.choice(ViewerProtocolPolicy.self, "viewerProtocolPolicy") ?? .allowAll,
            debugHeaders: reader.bool("debugHeaders") ?? false,
            cacheBehaviors: reader.value([CacheBehaviorConfig].self, "cacheBehaviors", expected: "a list of behaviors")
                ?? [],
            defaultCacheBehavior: reader.value(
                CacheBehaviorConfig.self, "defaultCacheBehavior", expected: "a behavior {targetOriginId, ...}",
                required: true
            ) ?? CacheBehaviorConfig(targetOriginId: ""),
            customErrorResponses: reader.value(
                [CustomErrorResponse].self, "customErrorResponses", expected: "a list of {errorCode, ...}"
            ) ?? []
        )
        try reader.finish()
    }
}

extension CacheBehaviorConfig: Decodable {
    /// Keys of a behavior; `defaultCacheBehavior` takes all but `pathPattern`.
    static let yamlKeys = [
        "pathPattern", "targetOriginId", "viewerProtocolPolicy", "allowedMethods", "cachedMethods", "cachePolicy",
        "compress", "maxRequestBodyBytes", "responseHeadersPolicy",
    ]

    /// Decodes one entry of `cacheBehaviors:`, or `defaultCacheBehavior` (recognised by its key), which
    /// has no `pathPattern`: it is always `*`.
    public init(from decoder: any Decoder) throws {
        let isDefault = decoder.codingPath.last?.stringValue == "defaultCacheBehavior"
        let reader = ObjectReader(decoder, what: "a cache behavior", allowed: Self.yamlKeys)
        let defaults = CacheBehaviorConfig(targetOriginId: "")
        if isDefault, reader.contains("pathPattern") {
            reader.report(
                "pathPattern", "defaultCacheBehavior has no pathPattern: it always matches '*' and comes last")
        }
        self.init(
            pathPattern: isDefault ? nil : (reader.string("pathPattern", required: true) ?? ""),
            targetOriginId: reader.string("targetOriginId", required: true) ?? "",
            viewerProtocolPolicy: reader.choice(ViewerProtocolPolicy.self, "viewerProtocolPolicy"),
            allowedMethods: reader.strings("allowedMethods") ?? defaults.allowedMethods,
            cachedMethods: reader.strings("cachedMethods") ?? defaults.cachedMethods,
            cachePolicy: reader.value(
                CachePolicyConfig.self, "cachePolicy", expected: "a managed policy name or {minTTL, defaultTTL, maxTTL}"
            ) ?? defaults.cachePolicy,
            compress: reader.bool("compress") ?? defaults.compress,
            maxRequestBodyBytes: reader.byteSize("maxRequestBodyBytes") ?? defaults.maxRequestBodyBytes,
            responseHeadersPolicy: reader.value(
                ResponseHeadersPolicy.self, "responseHeadersPolicy",
                expected: "a mapping {customHeaders, removeHeaders}"
            ) ?? defaults.responseHeadersPolicy
        )
        try reader.finish()
    }
}

extension CachePolicyConfig: Decodable {
    /// The TTLs of an inline policy when a key is left out: min 0, default 1 day, max 1 year.
    static let defaultTTLs = (minTTL: 0, defaultTTL: 86_400, maxTTL: 31_536_000)

    /// Decodes a managed policy name (`CachingOptimized`, `CachingDisabled`, `UseOriginCacheControlHeaders`)
    /// or inline `{minTTL, defaultTTL, maxTTL}` in seconds.
    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            let names = ManagedCachePolicy.allCases.map(\.rawValue)
            if let managed = ManagedCachePolicy(rawValue: name) {
                self = .managed(managed)
                return
            }
            let reader = ObjectReader.scalar(decoder)
            let hint = KeySuggestion.nearest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            reader.report(
                nil,
                "unknown managed cache policy '\(name)'\(hint) (managed policies: \(names.joined(separator: ", ")); "
                    + "or give {minTTL, defaultTTL, maxTTL})"
            )
            self = .managed(.cachingOptimized)
            try reader.finish()
            return
        }
        let reader = ObjectReader(decoder, what: "a cache policy", allowed: ["minTTL", "defaultTTL", "maxTTL"])
        let defaults = Self.defaultTTLs
        self = .custom(
            minTTL: reader.int("minTTL") ?? defaults.minTTL,
            defaultTTL: reader.int("defaultTTL") ?? defaults.defaultTTL,
            maxTTL: reader.int("maxTTL") ?? defaults.maxTTL
        )
        try reader.finish()
    }
}

extension ResponseHeadersPolicy: Decodable {
    /// Decodes `responseHeadersPolicy: {customHeaders: [{header, value, override}], removeHeaders: [names]}`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "a response headers policy", allowed: ["customHeaders", "removeHeaders"])
        self.init(
            customHeaders: reader.value(
                [CustomHeader].self, "customHeaders", expected: "a list of {header, value, override}"
            ) ?? [],
            removeHeaders: reader.strings("removeHeaders") ?? []
        )
        try reader.finish()
    }
}

extension ResponseHeadersPolicy.CustomHeader: Decodable {
    /// Decodes one `{header, value, override}`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "a custom header", allowed: ["header", "value", "override"])
        self.init(
            header: reader.string("header", required: true) ?? "",
            value: reader.string("value", required: true) ?? "",
            override: reader.bool("override") ?? true
        )
        try reader.finish()
    }
}

extension CustomErrorResponse: Decodable {
    /// Decodes one entry of `customErrorResponses:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "a custom error response",
            allowed: ["errorCode", "responsePagePath", "responseCode", "errorCachingMinTTL"]
        )
        self.init(
            errorCode: reader.int("errorCode", required: true) ?? 0,
            responsePagePath: reader.string("responsePagePath"),
            responseCode: reader.int("responseCode"),
            errorCachingMinTTL: reader.int("errorCachingMinTTL") ?? 10
        )
        try reader.finish()
    }
}
