import Foundation

/// Collects the problems found by `EdgeConfiguration.validate(baseDirectory:file:)`, by key path (lines
/// are filled in by `LoadedConfiguration.locate(_:)`), and answers the file-system questions validation
/// asks about paths relative to the configuration file.
struct ValidationReport {
    /// The configuration file, for problems.
    let file: String
    /// Directory relative paths resolve against.
    let baseDirectory: String
    /// Problems so far, in the order found.
    private(set) var problems: [ConfigProblem] = []

    /// Creates an empty report.
    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    /// Records an error at `keyPath`.
    mutating func error(_ keyPath: String, _ message: String) {
        problems.append(ConfigProblem(file: file, keyPath: keyPath, message: message, severity: .error))
    }

    /// Records a warning at `keyPath`.
    mutating func warning(_ keyPath: String, _ message: String) {
        problems.append(ConfigProblem(file: file, keyPath: keyPath, message: message, severity: .warning))
    }

    /// `path` resolved against the configuration file's directory.
    func resolve(_ path: String) -> String {
        LoadedConfiguration.resolve(path, against: baseDirectory)
    }

    /// Checks that `path` names an existing regular file (`directory: false`) or directory, recording an
    /// error at `keyPath` otherwise. Returns whether it does.
    @discardableResult
    mutating func requireExisting(_ path: String, directory: Bool, at keyPath: String) -> Bool {
        let resolved = resolve(path)
        var isDirectory: ObjCBool = false
        let shown = resolved == path ? "'\(path)'" : "'\(path)' (\(resolved))"
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            error(keyPath, "\(shown) does not exist")
            return false
        }
        if isDirectory.boolValue != directory {
            error(keyPath, "\(shown) is \(directory ? "a file; expected a directory" : "a directory; expected a file")")
            return false
        }
        return true
    }

    /// Whether `path` (already resolved) is an existing regular file.
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Records an error for each entry of `values` seen earlier in the list ("'x' is also
    /// `what`[i]"). `path(i)` names entry i.
    mutating func requireUnique(_ values: [String], what: String, path: (Int) -> String) {
        var firstIndex: [String: Int] = [:]
        for (index, value) in values.enumerated() where !value.isEmpty {
            if let first = firstIndex[value] {
                error(path(index), "duplicate \(what) '\(value)' (already used by \(path(first)))")
            } else {
                firstIndex[value] = index
            }
        }
    }

    /// Reports `keyPath` unless `value` lies within `seconds` (whole seconds, inclusive);
    /// `whose` names the range's origin in the message (e.g. ` (CloudFront's range)`).
    mutating func requireDuration(
        _ keyPath: String, _ value: Duration, seconds: ClosedRange<Int>, whose: String = ""
    ) {
        guard value < .seconds(seconds.lowerBound) || value > .seconds(seconds.upperBound) else { return }
        error(
            keyPath,
            "must be \(seconds.lowerBound)–\(seconds.upperBound) s\(whose), got " + Self.describe(value))
    }

    /// `30s`, `500ms`, `1.5s` for messages.
    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        if millis < 1000 { return "\(millis)ms" }
        return "\(Double(millis) / 1000)s"
    }

    /// Whether `name` is a valid HTTP header name (an RFC 9110 token).
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (CharacterSet.alphanumerics.contains(scalar)
                        || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
            }
    }
}
