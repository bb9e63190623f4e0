import Foundation
import Yams

/// Loads `edge.yaml`: parses the YAML, decodes it into `EdgeConfiguration` reporting every problem with
/// its line and key path, then validates it (`EdgeConfiguration.validate(baseDirectory:file:)`).
/// Any error fails the load with all problems; warnings alone end up in `LoadedConfiguration.warnings`.
public enum ConfigLoader {
    /// Reads and loads the configuration file at `path` (relative to the current directory unless
    /// absolute). Relative paths inside it resolve against the file's directory.
    public static func load(path: String) throws(ConfigLoadError) -> LoadedConfiguration {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ConfigLoadError(problems: [ConfigProblem(file: path, keyPath: "", message: "no such file")])
        }
        guard !isDirectory.boolValue else {
            throw ConfigLoadError(problems: [
                ConfigProblem(file: path, keyPath: "", message: "is a directory, not a configuration file")
            ])
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigLoadError(problems: [ConfigProblem(file: path, keyPath: "", message: "cannot be read")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigLoadError(problems: [ConfigProblem(file: path, keyPath: "", message: "is not UTF-8 text")])
        }
        return try parse(yaml: text, file: path, baseDirectory: url.deletingLastPathComponent().path)
    }

    /// Loads configuration text without touching it on disk (files it names are still checked). `file`
    /// is only used in problems; relative paths resolve against `baseDirectory`.
    public static func parse(yaml: String, file: String, baseDirectory: String) throws(ConfigLoadError)
        -> LoadedConfiguration
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigLoadError(problems: [syntaxProblem(error, file: file)])
        }
        let document = root.map(ConfigDocument.init(root:)) ?? ConfigDocument()
        var problems = document.duplicateKeys.map {
            ConfigProblem(file: file, line: $0.line, keyPath: $0.keyPath, message: $0.message)
        }

        let configuration: EdgeConfiguration
        let collector = DecodingProblems(document: document)
        if root == nil {
            configuration = EdgeConfiguration()
        } else {
            do {
                configuration = try YAMLDecoder().decode(
                    EdgeConfiguration.self, from: yaml, userInfo: [.configProblems: collector]
                )
            } catch {
                // Not expected: every model records its problems instead of throwing.
                collector.add("", "cannot decode the configuration: \(error)")
                configuration = EdgeConfiguration()
            }
        }
        let decodingProblems = collector.problems(file: file)
        problems += decodingProblems

        let failedPaths = decodingProblems.filter { $0.severity == .error }.map(\.keyPath)
        let validation = configuration.validate(baseDirectory: baseDirectory, file: file).filter { problem in
            !failedPaths.contains { isWithin(problem.keyPath, $0) }
        }
        let loaded = LoadedConfiguration(
            configuration: configuration, file: file, baseDirectory: baseDirectory, warnings: [], document: document
        )
        problems += loaded.locate(validation)

        let sorted = ConfigLoadError.sorted(problems)
        if sorted.contains(where: { $0.severity == .error }) {
            throw ConfigLoadError(problems: sorted)
        }
        var result = loaded
        result.warnings = sorted
        return result
    }

    /// Whether `path` is `ancestor` or below it (`a.b[0]` is within `a.b`). A validation problem within a
    /// key that already failed to decode would only repeat it (the value there is a placeholder).
    static func isWithin(_ path: String, _ ancestor: String) -> Bool {
        if ancestor.isEmpty { return false }
        guard path.hasPrefix(ancestor) else { return false }
        let rest = path.dropFirst(ancestor.count)
        return rest.isEmpty || rest.hasPrefix(".") || rest.hasPrefix("[")
    }

    private static func syntaxProblem(_ error: any Error, file: String) -> ConfigProblem {
        guard let yamlError = error as? YamlError else {
            return ConfigProblem(file: file, keyPath: "", message: "invalid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) on line \($0.mark.line))" } ?? ""
            return ConfigProblem(file: file, line: mark.line, keyPath: "", message: "invalid YAML: \(problem)\(detail)")
        case .reader(let problem, _, _, _):
            return ConfigProblem(file: file, keyPath: "", message: "invalid YAML: \(problem)")
        default:
            return ConfigProblem(file: file, keyPath: "", message: "invalid YAML: \(yamlError)")
        }
    }
}
