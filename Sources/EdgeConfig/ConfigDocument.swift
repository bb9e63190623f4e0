import Yams

/// The composed YAML tree reduced to what error reporting needs: for every key path in the document
/// (`distributions[0].cacheBehaviors[1].pathPattern`), the line it starts on and a short description of
/// its value. Built once per load; duplicate keys are found while building it.
struct ConfigDocument: Sendable {
    /// What is known about one node.
    struct Entry: Sendable {
        /// 1-based line of the key (for mapping entries) or of the value (for list items and the root).
        var line: Int
        /// How the value reads in a message: `'abc'`, `a list`, `a mapping`, `nothing`.
        var found: String
    }

    /// Entries by key path; the root is `""`.
    private(set) var entries: [String: Entry] = [:]
    /// Duplicate keys: the later key's path, its line, and a message.
    private(set) var duplicateKeys: [(keyPath: String, line: Int, message: String)] = []

    /// An empty document.
    init() {}

    /// Indexes `root`.
    init(root: Node) {
        index(root, path: "", line: root.mark?.line ?? 1)
    }

    /// The line of `keyPath`, or of its nearest ancestor present in the document.
    func line(for keyPath: String) -> Int? {
        var path = keyPath
        while true {
            if let entry = entries[path] { return entry.line }
            guard let parent = ConfigDocument.parent(of: path) else { return nil }
            path = parent
        }
    }

    /// How the value at `keyPath` reads in a message, if the path exists.
    func found(at keyPath: String) -> String? {
        entries[keyPath]?.found
    }

    /// `a.b[2]` → `a.b`, `a.b` → `a`, `a` → `""`, `""` → nil.
    static func parent(of keyPath: String) -> String? {
        if keyPath.isEmpty { return nil }
        if keyPath.hasSuffix("]"), let open = keyPath.lastIndex(of: "[") {
            return String(keyPath[..<open])
        }
        if let dot = keyPath.lastIndex(of: ".") {
            return String(keyPath[..<dot])
        }
        return ""
    }

    /// `path` + `.key` (or just `key` at the root).
    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// `path` + `[index]`.
    static func join(_ path: String, index: Int) -> String {
        "\(path)[\(index)]"
    }

    /// Formats a coding path the way problems print it.
    static func keyPath(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("") { path, key in
            if let index = key.intValue { return join(path, index: index) }
            return join(path, key.stringValue)
        }
    }

    private mutating func index(_ node: Node, path: String, line: Int) {
        entries[path] = Entry(line: line, found: ConfigDocument.describe(node))
        switch node {
        case .scalar:
            break
        case .sequence(let sequence):
            for (offset, item) in sequence.enumerated() {
                index(item, path: ConfigDocument.join(path, index: offset), line: item.mark?.line ?? line)
            }
        case .mapping(let mapping):
            for (key, value) in mapping {
                let name = key.string ?? "?"
                let child = ConfigDocument.join(path, name)
                let keyLine = key.mark?.line ?? line
                if let first = entries[child] {
                    duplicateKeys.append(
                        (child, keyLine, "duplicate key '\(name)' (first on line \(first.line)); keys must be unique")
                    )
                    continue
                }
                index(value, path: child, line: keyLine)
            }
        }
    }

    /// A short description of a node's value for "expected X, got Y" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if node.null != nil { return "nothing" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(37)) + "..." : scalar.string
            return "'\(text)'"
        case .sequence:
            return "a list"
        case .mapping:
            return "a mapping"
        }
    }
}
