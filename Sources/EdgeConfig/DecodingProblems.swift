/// Problems found while decoding, collected instead of thrown so that decoding goes on past the first
/// one and every problem is reported. `ConfigLoader` passes one to the models' `init(from:)` through
/// `userInfo[.configProblems]`; each problem's line comes from the document's key-path index.
final class DecodingProblems {
    /// One recorded problem.
    struct Entry {
        /// Where, e.g. `origins[2].connectionTimeout`.
        var keyPath: String
        /// What is wrong.
        var message: String
        /// Error or warning.
        var severity: ConfigProblem.Severity
    }

    /// Everything recorded so far, in order.
    private(set) var entries: [Entry] = []
    /// The document being decoded, for "got ..." descriptions; empty when decoding outside the loader.
    let document: ConfigDocument

    /// Creates a collector for `document`.
    init(document: ConfigDocument = .init()) {
        self.document = document
    }

    /// Records a problem at `keyPath`.
    func add(_ keyPath: String, _ message: String, severity: ConfigProblem.Severity = .error) {
        entries.append(Entry(keyPath: keyPath, message: message, severity: severity))
    }

    /// Whether any error (not just warnings) was recorded.
    var hasErrors: Bool {
        entries.contains { $0.severity == .error }
    }

    /// `, got 'abc'` for the value at `keyPath`, or `""` when it is not known.
    func got(at keyPath: String) -> String {
        document.found(at: keyPath).map { ", got \($0)" } ?? ""
    }

    /// The entries as problems in `file`, with lines from the document.
    func problems(file: String) -> [ConfigProblem] {
        entries.map {
            ConfigProblem(
                file: file, line: document.line(for: $0.keyPath), keyPath: $0.keyPath, message: $0.message,
                severity: $0.severity
            )
        }
    }
}

extension CodingUserInfoKey {
    /// Where the models' `init(from:)` find the `DecodingProblems` collector.
    static let configProblems = CodingUserInfoKey(rawValue: "edge.config.problems")!
}

/// A coding key for any mapping key, so unknown keys can be listed and reported.
struct ConfigKey: CodingKey {
    /// The key as written.
    var stringValue: String
    /// Always nil: configuration mappings have string keys.
    var intValue: Int? { nil }

    /// A key named `stringValue`.
    init(_ stringValue: String) {
        self.stringValue = stringValue
    }

    /// A key named `stringValue`.
    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    /// Integer keys are not used.
    init?(intValue: Int) {
        nil
    }
}
