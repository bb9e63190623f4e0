// Decoding of `origins:` and `originGroups:`; problems are recorded, not thrown (see `ObjectReader`).

extension OriginConfig: Decodable {
    /// The keys that select the origin's kind; exactly one must be present.
    static let kindKeys = ["http", "directory", "s3"]

    /// Decodes one entry of `origins:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(
            decoder, what: "an origin",
            allowed: ["id"] + Self.kindKeys + [
                "connectionTimeout", "connectionAttempts", "responseTimeout", "keepaliveTimeout", "maxIdleConnections",
                "customHeaders",
            ]
        )
        let defaults = OriginConfig(id: "", kind: .http(.init(url: "")))
        self.init(
            id: reader.string("id", required: true) ?? "",
            kind: Self.decodeKind(reader) ?? defaults.kind,
            connectionTimeout: reader.duration("connectionTimeout") ?? defaults.connectionTimeout,
            connectionAttempts: reader.int("connectionAttempts") ?? defaults.connectionAttempts,
            responseTimeout: reader.duration("responseTimeout") ?? defaults.responseTimeout,
            keepaliveTimeout: reader.duration("keepaliveTimeout") ?? defaults.keepaliveTimeout,
            maxIdleConnections: reader.int("maxIdleConnections") ?? defaults.maxIdleConnections,
            customHeaders: reader.value([HeaderPair].self, "customHeaders", expected: "a list of {name, value}") ?? []
        )
        try reader.finish()
    }

    private static func decodeKind(_ reader: ObjectReader) -> OriginKind? {
        let present = kindKeys.filter(reader.contains)
        guard let key = present.first else {
            reader.report(nil, "an origin needs exactly one of 'http: {url}', 'directory: {path}' or 's3: {bucket}'")
            return nil
        }
        if present.count > 1 {
            // Reported on the second kind; the first is still decoded so its own checks run.
            let listed = present.map { "'\($0)'" }.joined(separator: " and ")
            reader.report(present[1], "an origin has exactly one kind, but \(listed) are both given")
        }
        switch key {
        case "http":
            return reader.value(HTTPOriginSettings.self, key, expected: "a mapping {url}", required: true).map {
                .http($0)
            }
        case "directory":
            return reader.value(DirectoryOriginSettings.self, key, expected: "a mapping {path}", required: true).map {
                .directory($0)
            }
        default:
            return reader.value(S3OriginSettings.self, key, expected: "a mapping {bucket}", required: true).map {
                .s3($0)
            }
        }
    }
}

extension HTTPOriginSettings: Decodable {
    /// Decodes `http: {url}`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "HTTP origin settings", allowed: ["url"])
        self.init(url: reader.string("url", required: true) ?? "")
        try reader.finish()
    }
}

extension DirectoryOriginSettings: Decodable {
    /// Decodes `directory: {path, indexDocument}`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "directory origin settings", allowed: ["path", "indexDocument"])
        self.init(
            path: reader.string("path", required: true) ?? "",
            indexDocument: reader.string("indexDocument") ?? "index.html"
        )
        try reader.finish()
    }
}

extension S3OriginSettings: Decodable {
    /// Decodes `s3: {bucket, region, endpoint}`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "S3 origin settings", allowed: ["bucket", "region", "endpoint"])
        self.init(
            bucket: reader.string("bucket", required: true) ?? "",
            region: reader.string("region") ?? "us-east-1",
            endpoint: reader.string("endpoint")
        )
        try reader.finish()
    }
}

extension HeaderPair: Decodable {
    /// Decodes one `{name, value}` of an origin's `customHeaders:`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "a header {name, value}", allowed: ["name", "value"])
        self.init(
            name: reader.string("name", required: true) ?? "", value: reader.string("value", required: true) ?? "")
        try reader.finish()
    }
}

extension OriginGroupConfig: Decodable {
    /// Decodes one entry of `originGroups:`; `failoverCriteria: {statusCodes}` is `failoverStatusCodes`.
    public init(from decoder: any Decoder) throws {
        let reader = ObjectReader(decoder, what: "an origin group", allowed: ["id", "members", "failoverCriteria"])
        let criteria = reader.object("failoverCriteria", what: "failover criteria", allowed: ["statusCodes"])
        let codes = criteria?.value(
            [Int].self, "statusCodes", expected: "a list of status codes", element: "an integer status code",
            required: true
        )
        self.init(
            id: reader.string("id", required: true) ?? "",
            members: reader.strings("members", required: true) ?? [],
            failoverStatusCodes: codes ?? OriginGroupConfig(id: "", members: []).failoverStatusCodes
        )
        try reader.finish()
    }
}
