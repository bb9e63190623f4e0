/// A routing-policies document as written beside a zone (`policies:` YAML), decoded by any `Decoder`
/// (Yams' `YAMLDecoder`, Foundation's `JSONDecoder`). Keys follow Route 53's API; unknown keys are an
/// error so that a typo (`wieght`) does not silently turn a weighted record into a simple one.
///
/// ```yaml
/// records:
///   - {name: www.example.test., type: A, setIdentifier: blue, weight: 1, values: [192.0.2.1]}
///   - {name: www.example.test., type: A, setIdentifier: green, weight: 3, values: [192.0.2.2]}
///   - {name: example.test., type: A, aliasTarget: {dnsName: www.example.test., evaluateTargetHealth: true}}
/// ```
///
/// ```swift
/// let document = try YAMLDecoder().decode(PolicyDocument.self, from: text)
/// let policies = try PolicySet(document: document)
/// ```
public struct PolicyDocument: Decodable, Sendable, Hashable {
    /// The policy records, in file order (problems name them by index).
    public var records: [PolicyRecordSpec]

    /// Creates a document.
    public init(records: [PolicyRecordSpec]) {
        self.records = records
    }

    /// Decodes `{records: [...]}`; a missing `records` is an empty document.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: PolicyCodingKey.self)
        try PolicyCodingKey.rejectUnknown(in: container, allowed: ["records"])
        records = try container.decodeIfPresent([PolicyRecordSpec].self, forKey: PolicyCodingKey("records")) ?? []
    }
}

/// A coding key for any string, so that decoders can list and refuse unknown keys.
struct PolicyCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// Throws `DecodingError.dataCorrupted` naming the first key of `container` not in `allowed`.
    static func rejectUnknown(in container: KeyedDecodingContainer<PolicyCodingKey>, allowed: Set<String>) throws {
        guard let unknown = container.allKeys.first(where: { !allowed.contains($0.stringValue) }) else { return }
        throw DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: container.codingPath + [unknown],
                debugDescription: "unknown key '\(unknown.stringValue)' (expected one of \(allowed.sorted()))"))
    }
}
