/// Why a directory origin's root (or its settings) cannot be used; raised once, at configuration
/// time, never per request.
public struct DirectoryRootError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reasons a root is rejected.
    public enum Reason: Sendable, Equatable {
        /// `realpath` failed (missing path, permission denied, ...), with the `errno` it set.
        case cannotResolve(errno: Int32)
        /// The path exists but is not a directory.
        case notADirectory
        /// The index document is empty, contains `/` or NUL, or starts with `.`.
        case invalidIndexDocument(String)
    }

    /// The root path as configured.
    public var path: String
    /// What is wrong with it.
    public var reason: Reason

    /// Creates an error.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// A message for logs and configuration problems.
    public var description: String {
        switch reason {
        case .cannotResolve(let code): "directory origin root \(path) cannot be resolved (errno \(code))"
        case .notADirectory: "directory origin root \(path) is not a directory"
        case .invalidIndexDocument(let name): "directory origin index document \"\(name)\" is not a plain file name"
        }
    }
}
