/// A configuration that loaded and validated without errors, with where it came from, so relative
/// paths can be resolved and problems found later (by other modules) can be given a line.
public struct LoadedConfiguration: Sendable {
    /// The typed configuration.
    public var configuration: EdgeConfiguration
    /// The configuration file as given to the loader.
    public var file: String
    /// The directory of the configuration file; relative paths in the configuration resolve against it.
    public var baseDirectory: String
    /// Warnings found while loading and validating (the load succeeded despite them), sorted by line.
    public var warnings: [ConfigProblem]
    /// Line of every key path in the document.
    let document: ConfigDocument

    /// Creates a loaded configuration. `document` indexes the YAML it came from (empty for a
    /// configuration built in code, whose problems then have no line).
    init(
        configuration: EdgeConfiguration, file: String, baseDirectory: String, warnings: [ConfigProblem],
        document: ConfigDocument
    ) {
        self.configuration = configuration
        self.file = file
        self.baseDirectory = baseDirectory
        self.warnings = warnings
        self.document = document
    }

    /// Creates a loaded configuration for a configuration built in code (tests, embedding): no lines.
    public init(configuration: EdgeConfiguration, file: String, baseDirectory: String, warnings: [ConfigProblem] = []) {
        self.init(
            configuration: configuration, file: file, baseDirectory: baseDirectory, warnings: warnings,
            document: ConfigDocument()
        )
    }

    /// `path` resolved against `baseDirectory`; absolute paths are returned unchanged.
    public func resolvePath(_ path: String) -> String {
        LoadedConfiguration.resolve(path, against: baseDirectory)
    }

    /// The line `keyPath` (e.g. `distributions[0].cacheBehaviors[1].pathPattern`) is on, or that of its
    /// nearest ancestor present in the document; nil when nothing of it is.
    public func line(forKeyPath keyPath: String) -> Int? {
        document.line(for: keyPath)
    }

    /// `problems` with `line` filled in from their key paths (nearest existing ancestor when the exact
    /// node is not written, e.g. a defaulted key) and `file` filled in when empty. Problems that already
    /// have a line keep it.
    public func locate(_ problems: [ConfigProblem]) -> [ConfigProblem] {
        problems.map { problem in
            var located = problem
            if located.line == nil { located.line = document.line(for: problem.keyPath) }
            if located.file.isEmpty { located.file = file }
            return located
        }
    }

    /// `path` against `base`, unless absolute.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") || base.isEmpty { return path }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        if relative.isEmpty || relative == "." { return base }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }
}
