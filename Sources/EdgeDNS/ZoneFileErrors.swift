/// One problem in a zone file, printed as `file:line: message`.
public struct ZoneFileProblem: Hashable, Sendable, CustomStringConvertible {
    /// The closed set of zone-file problems. The raw value is stable.
    public enum Kind: String, Sendable, Hashable {
        /// Tokenising failed: unbalanced parentheses or an unterminated quoted string.
        case syntax
        /// An owner name is malformed or relative with no origin.
        case badOwner
        /// A TTL is malformed or too large, or no TTL applies to a record.
        case badTTL
        /// A class is not the zone's class.
        case badClass
        /// The type is missing or unknown.
        case badType
        /// The record data does not parse for its type.
        case badRData
        /// A `$` directive is unknown, unsupported or malformed.
        case badDirective
        /// A record has a blank owner but no record precedes it.
        case noPreviousOwner
        /// An `$INCLUDE` path is absolute, contains `..`, nests too deeply or loops.
        case includeRefused
        /// The include loader failed to read the file.
        case includeFailed
    }

    /// The file the problem is in (the included file for problems inside an `$INCLUDE`).
    public var file: String
    /// 1-based line of the entry (its first line, when parentheses span several).
    public var line: Int
    /// What kind of problem.
    public var kind: Kind
    /// What is wrong.
    public var message: String

    /// Creates a problem.
    public init(file: String, line: Int, kind: Kind, message: String) {
        self.file = file
        self.line = line
        self.kind = kind
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(file):\(line): \(message)" }
}

/// Every problem found in a zone file, in file order. Parsing continues after a bad entry so that one
/// run reports them all.
public struct ZoneFileErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, at least one.
    public var problems: [ZoneFileProblem]

    /// Creates the error.
    public init(problems: [ZoneFileProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
