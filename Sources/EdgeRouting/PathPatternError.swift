/// Why a CloudFront path pattern was rejected: the one error type of the routing module.
public struct PathPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of reasons a pattern is invalid.
    public enum Reason: Sendable, Hashable {
        /// The pattern is empty (or missing for a non-default behavior).
        case empty
        /// The pattern is longer than ``PathPattern/maximumLength`` characters; carries its length.
        case tooLong(Int)
        /// The pattern contains a character outside CloudFront's allowed set; carries the character and
        /// its 0-based offset in characters.
        case invalidCharacter(Character, offset: Int)
    }

    /// What is wrong.
    public var reason: Reason
    /// The pattern as written.
    public var pattern: String
    /// Where the pattern sits in the configuration, e.g. `distributions[0].cacheBehaviors[2].pathPattern`,
    /// when the error was raised while compiling a configuration; nil for a bare ``PathPattern`` init.
    public var keyPath: String?

    /// Creates an error.
    public init(_ reason: Reason, pattern: String, keyPath: String? = nil) {
        self.reason = reason
        self.pattern = pattern
        self.keyPath = keyPath
    }

    /// A one-line explanation, suitable as a ``ConfigProblem`` message (without the key path).
    public var message: String {
        switch reason {
        case .empty:
            return "path pattern is empty"
        case .tooLong(let length):
            return "path pattern is \(length) characters long; at most \(PathPattern.maximumLength) are allowed"
        case .invalidCharacter(let character, let offset):
            let shown = character.unicodeScalars.map { scalar -> String in
                scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F
                    ? String(scalar) : "U+" + String(scalar.value, radix: 16, uppercase: true)
            }.joined()
            return "path pattern '\(pattern)' has '\(shown)' at offset \(offset); allowed are A-Z a-z 0-9 "
                + "and _ - . * $ / ~ \" ' @ : + & ?"
        }
    }

    /// `keyPath: message`, or just the message when no key path is known.
    public var description: String {
        keyPath.map { "\($0): \(message)" } ?? message
    }
}
