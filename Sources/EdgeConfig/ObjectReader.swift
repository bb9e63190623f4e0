import Yams

/// Reads one YAML mapping inside a model's `init(from:)` without ever stopping at the first problem:
/// unknown keys, missing required keys and type errors are recorded in the shared `DecodingProblems`
/// and the accessor returns nil, so the caller substitutes a placeholder and decoding goes on.
///
/// Used outside `ConfigLoader` (no collector in `userInfo`), problems are collected locally and
/// `finish()` throws them as one `DecodingError`, so plain `YAMLDecoder` use still fails loudly.
struct ObjectReader {
    /// The collector problems go to.
    let problems: DecodingProblems
    /// Key path of this mapping, e.g. `origins[1]`.
    let keyPath: String
    private let decoder: any Decoder
    private let container: KeyedDecodingContainer<ConfigKey>?
    private let ownsProblems: Bool

    /// Opens the mapping `decoder` points at. `what` names it in messages ("an origin"); `allowed` are
    /// its valid keys, anything else is reported as unknown with the nearest valid key suggested.
    init(_ decoder: any Decoder, what: String, allowed: [String]) {
        self.init(decoder, what: what, allowed: allowed, expectsMapping: true)
    }

    /// A reader for a value that is not a mapping (a scalar form such as a managed cache policy name),
    /// used only to report problems at its key path.
    static func scalar(_ decoder: any Decoder) -> ObjectReader {
        ObjectReader(decoder, what: "", allowed: [], expectsMapping: false)
    }

    private init(_ decoder: any Decoder, what: String, allowed: [String], expectsMapping: Bool) {
        if let shared = decoder.userInfo[.configProblems] as? DecodingProblems {
            problems = shared
            ownsProblems = false
        } else {
            problems = DecodingProblems()
            ownsProblems = true
        }
        self.decoder = decoder
        keyPath = ConfigDocument.keyPath(decoder.codingPath)
        if !expectsMapping {
            container = nil
        } else if let container = try? decoder.container(keyedBy: ConfigKey.self) {
            self.container = container
            for key in container.allKeys where !allowed.contains(key.stringValue) {
                let path = ConfigDocument.join(keyPath, key.stringValue)
                problems.add(
                    path, "unknown key '\(key.stringValue)'" + KeySuggestion.hint(for: key.stringValue, in: allowed))
            }
        } else {
            container = nil
            problems.add(keyPath, "expected \(what) (a mapping of keys to values)" + problems.got(at: keyPath))
        }
    }

    /// Whether `key` is written (even with no value).
    func contains(_ key: String) -> Bool {
        container?.contains(ConfigKey(key)) ?? false
    }

    /// Records a problem at `key` of this mapping (or at the mapping itself when `key` is nil).
    func report(_ key: String?, _ message: String, severity: ConfigProblem.Severity = .error) {
        problems.add(key.map { ConfigDocument.join(keyPath, $0) } ?? keyPath, message, severity: severity)
    }

    /// The value of `key` decoded as `T`, or nil when absent, empty or malformed (the last reported, and
    /// the first two reported when `required`). `expected` describes a good value: "a list of strings";
    /// `element`, for lists of scalars, a good item: "a string".
    func value<T: Decodable>(
        _ type: T.Type, _ key: String, expected: String, element: String? = nil, required: Bool = false
    ) -> T? {
        guard let container else { return nil }
        let path = ConfigDocument.join(keyPath, key)
        let codingKey = ConfigKey(key)
        guard container.contains(codingKey) else {
            if required { problems.add(path, "missing required key '\(key)' (\(expected))") }
            return nil
        }
        if (try? container.decodeNil(forKey: codingKey)) == true {
            if required { problems.add(path, "'\(key)' needs a value: \(expected)") }
            return nil
        }
        do {
            return try container.decode(T.self, forKey: codingKey)
        } catch let error as DecodingError {
            record(error, expected: expected, element: element, at: path)
        } catch {
            problems.add(path, "\(error)")
        }
        return nil
    }

    /// A string value.
    func string(_ key: String, required: Bool = false) -> String? {
        value(String.self, key, expected: "a string", required: required)
    }

    /// An integer value.
    func int(_ key: String, required: Bool = false) -> Int? {
        value(Int.self, key, expected: "an integer", required: required)
    }

    /// A boolean value.
    func bool(_ key: String) -> Bool? {
        value(Bool.self, key, expected: "true or false")
    }

    /// A list of strings.
    func strings(_ key: String, required: Bool = false) -> [String]? {
        value([String].self, key, expected: "a list of strings", element: "a string", required: required)
    }

    /// A duration: `10s`, `500ms`, `2m`, `1h` or a bare number of seconds.
    func duration(_ key: String) -> Duration? {
        guard let text = value(String.self, key, expected: ConfigUnits.durationForms) else { return nil }
        guard let duration = ConfigUnits.duration(text) else {
            report(key, "expected \(ConfigUnits.durationForms), got '\(text)'")
            return nil
        }
        return duration
    }

    /// A size in bytes: an integer, or `10KB`/`10MB`/`1GB` (×1000) or `10KiB`/`10MiB`/`1GiB` (×1024).
    func byteSize(_ key: String) -> Int? {
        guard let text = value(String.self, key, expected: ConfigUnits.sizeForms) else { return nil }
        guard let size = ConfigUnits.byteSize(text) else {
            report(key, "expected \(ConfigUnits.sizeForms), got '\(text)'")
            return nil
        }
        return size
    }

    /// One of an enumeration's raw values, with a suggestion when misspelt.
    func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ key: String, required: Bool = false) -> E?
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        let expected = "one of \(names.joined(separator: ", "))"
        guard let text = value(String.self, key, expected: expected, required: required) else { return nil }
        guard let chosen = E(rawValue: text) else {
            let hint = KeySuggestion.nearest(to: text, in: names).map { "; did you mean '\($0)'?" } ?? ""
            report(key, "expected \(expected), got '\(text)'\(hint)")
            return nil
        }
        return chosen
    }

    /// A nested mapping that is not a model type of its own (`failoverCriteria`), or nil when absent.
    func object(_ key: String, what: String, allowed: [String]) -> ObjectReader? {
        guard let container, container.contains(ConfigKey(key)),
            (try? container.decodeNil(forKey: ConfigKey(key))) != true,
            let nested = try? container.superDecoder(forKey: ConfigKey(key))
        else { return nil }
        return ObjectReader(nested, what: what, allowed: allowed)
    }

    /// The number of items of a list whose content is not decoded yet (`apis`), or nil when absent or
    /// empty-valued; anything but a list is reported.
    func listCount(_ key: String) -> Int? {
        guard let container, container.contains(ConfigKey(key)),
            (try? container.decodeNil(forKey: ConfigKey(key))) != true
        else { return nil }
        let path = ConfigDocument.join(keyPath, key)
        guard let list = try? container.nestedUnkeyedContainer(forKey: ConfigKey(key)) else {
            problems.add(path, "expected a list" + problems.got(at: path))
            return nil
        }
        return list.count ?? 0
    }

    /// Throws the collected problems when decoding outside `ConfigLoader`; a no-op inside it.
    func finish() throws {
        guard ownsProblems, problems.hasErrors else { return }
        let text = problems.entries.map { "\($0.keyPath): \($0.message)" }.joined(separator: "; ")
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
    }

    private func record(_ error: DecodingError, expected: String, element: String?, at path: String) {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let at = ConfigDocument.keyPath(context.codingPath)
            let isItem = at.hasPrefix(path + "[") && ConfigDocument.parent(of: at) == path
            let wanted = at == path ? expected : (isItem ? element : nil) ?? ObjectReader.phrase(for: type)
            problems.add(at, "expected \(wanted)" + problems.got(at: at))
        case .keyNotFound(let key, let context):
            let at = ConfigDocument.join(ConfigDocument.keyPath(context.codingPath), key.stringValue)
            problems.add(at, "missing required key '\(key.stringValue)'")
        case .dataCorrupted(let context):
            problems.add(ConfigDocument.keyPath(context.codingPath), context.debugDescription)
        @unknown default:
            problems.add(path, "\(error)")
        }
    }

    /// How a Swift or YAML type reads in "expected ..." messages.
    static func phrase(for type: Any.Type) -> String {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(String.self): "a string"
        case ObjectIdentifier(Int.self): "an integer"
        case ObjectIdentifier(Bool.self): "true or false"
        case ObjectIdentifier(Node.Mapping.self): "a mapping"
        case ObjectIdentifier(Node.Sequence.self): "a list"
        case ObjectIdentifier(Node.Scalar.self): "a single value"
        default: "\(type)"
        }
    }
}
