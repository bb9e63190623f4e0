/// One problem found while loading or validating a configuration, printed by `edge check` as
/// `file:line: key.path: message` (with `warning:` before the message for warnings).
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Sendable, Equatable {
        /// The configuration is rejected.
        case error
        /// The configuration loads, but probably not as meant (e.g. a shadowed behavior).
        case warning
    }

    /// The file the problem is in.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// Key path in the document, e.g. `distributions[0].cacheBehaviors[2].pathPattern`.
    public var keyPath: String
    /// What is wrong, and what would be right.
    public var message: String
    /// Error or warning.
    public var severity: Severity

    /// Creates a problem.
    public init(file: String, line: Int? = nil, keyPath: String, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
        self.severity = severity
    }

    /// `file:line: key.path: message`, or `file:line: key.path: warning: message`; problems about the
    /// whole file (empty key path, e.g. a YAML syntax error) print as `file:line: message`.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let prefix = severity == .warning ? "warning: " : ""
        if keyPath.isEmpty { return "\(location): \(prefix)\(message)" }
        return "\(location): \(keyPath): \(prefix)\(message)"
    }
}
