/// A compiled CloudFront path pattern (`pathPattern:` of a cache behavior).
///
/// Semantics, as CloudFront documents them:
/// - `*` matches zero or more characters, including `/`; `?` matches exactly one character; every other
///   character is literal, and matching is case-sensitive.
/// - A leading `/` is optional: `images/*.jpg` and `/images/*.jpg` are the same pattern. Patterns that start
///   with neither `/` nor `*` get a `/` prepended; patterns starting with `*` are kept as written.
/// - Patterns are matched against the URL path only (no query string), exactly as it arrives on the wire:
///   percent-encoded, never decoded. Since patterns may not contain `%`, an encoded byte can only be matched
///   by a wildcard.
///
/// "One character" for `?` is one byte of a percent-encoded (ASCII) path; should a client send raw UTF-8,
/// `?` consumes a whole encoded scalar (a lead byte plus its continuation bytes).
///
/// Matching never allocates and never recurses: simple shapes (`/literal`, `/prefix/*`, `*.suffix`, `*`) are
/// compared directly, everything else runs the iterative wildcard algorithm with a single backtrack point,
/// which is O(path × pattern) in the worst case (e.g. `*a*a*a*a*b`), never exponential.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    /// The longest pattern CloudFront accepts, in characters.
    public static let maximumLength = 255

    /// The pattern as written in the configuration.
    public let pattern: String
    /// The normalised program: leading `/` added where implied, runs of `*` collapsed to one.
    let program: [UInt8]
    /// The precomputed shape that picks the fastest correct matcher.
    let shape: Shape

    /// How a pattern is matched, decided once at compile time.
    enum Shape: Sendable, Hashable {
        /// `*`: every path.
        case everything
        /// No wildcard: the path must equal the program.
        case literal
        /// `literal*`: the path must start with the first `count` bytes.
        case prefix(Int)
        /// `*literal`: the path must end with the last `count` bytes.
        case suffix(Int)
        /// Anything else: the wildcard algorithm.
        case general
    }

    /// The pattern that matches every path, which is what the default cache behavior uses.
    public static let matchAll = PathPattern(validated: "*")

    /// Compiles a pattern, rejecting what CloudFront rejects: an empty pattern, more than 255 characters,
    /// or a character outside `A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + & ?`.
    public init(_ pattern: String) throws(PathPatternError) {
        if pattern.isEmpty { throw PathPatternError(.empty, pattern: pattern) }
        var offset = 0
        for character in pattern {
            guard character.utf8.count == 1, let byte = character.utf8.first, Self.isAllowed(byte) else {
                throw PathPatternError(.invalidCharacter(character, offset: offset), pattern: pattern)
            }
            offset += 1
            if offset > Self.maximumLength {
                throw PathPatternError(.tooLong(pattern.count), pattern: pattern)
            }
        }
        self.init(validated: pattern)
    }

    /// Compiles a pattern already known to be valid.
    private init(validated pattern: String) {
        self.pattern = pattern
        var program: [UInt8] = []
        program.reserveCapacity(pattern.utf8.count + 1)
        if let first = pattern.utf8.first, first != Self.slash, first != Self.star {
            program.append(Self.slash)
        }
        for byte in pattern.utf8 where !(byte == Self.star && program.last == Self.star) {
            program.append(byte)
        }
        self.program = program
        self.shape = Self.shape(of: program)
    }

    /// The normalised pattern: what is actually matched (`images/*.jpg` → `/images/*.jpg`, `/a**` → `/a*`).
    public var normalized: String {
        String(decoding: program, as: UTF8.self)
    }

    /// Whether this is `*` (after normalisation), which matches every path including the empty one.
    public var matchesEverything: Bool {
        shape == .everything
    }

    /// The pattern as written.
    public var description: String {
        pattern
    }

    /// Two patterns are equal when their normalised forms are: `images/*` == `/images/*`.
    public static func == (lhs: PathPattern, rhs: PathPattern) -> Bool {
        lhs.program == rhs.program
    }

    /// Hashes the normalised form.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(program)
    }

    // MARK: Matching

    /// Whether `path` (the URL path, without query string, still percent-encoded) matches.
    public func matches(_ path: Substring) -> Bool {
        if let result = path.utf8.withContiguousStorageIfAvailable({ matches(utf8: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(path.utf8).withUnsafeBytes { matches(utf8: $0) }
    }

    /// Whether `path` (the URL path, without query string, still percent-encoded) matches.
    public func matches(_ path: String) -> Bool {
        matches(path[...])
    }

    /// Whether the UTF-8 bytes of a path match, for callers holding raw request bytes (e.g. a `ByteBuffer`'s
    /// readable bytes). Does not allocate.
    public func matches(utf8 path: UnsafeRawBufferPointer) -> Bool {
        program.withUnsafeBufferPointer { program in
            switch shape {
            case .everything:
                return true
            case .literal:
                return path.count == program.count && Self.equal(program, 0, path, 0, count: program.count)
            case .prefix(let count):
                return path.count >= count && Self.equal(program, 0, path, 0, count: count)
            case .suffix(let count):
                return path.count >= count
                    && Self.equal(program, program.count - count, path, path.count - count, count: count)
            case .general:
                return Self.wildcardMatch(program, path)
            }
        }
    }

    /// Whether the UTF-8 bytes of a path match. Does not allocate.
    public func matches(utf8 path: UnsafeBufferPointer<UInt8>) -> Bool {
        matches(utf8: UnsafeRawBufferPointer(path))
    }
}
