/// One thing wrong with a policies document or a client-network table: where (the entry's index in
/// its list, if the problem belongs to one entry) and what.
public struct PolicyProblem: Sendable, Hashable, CustomStringConvertible {
    /// The list the entry is in: `records` (policies) or `clientNetworks`.
    public var list: String
    /// The index of the entry at fault in `list`; nil for a problem of the whole document.
    public var index: Int?
    /// What is wrong, e.g. `weight 300 is not in 0…255`.
    public var message: String

    /// Creates a problem.
    public init(list: String = "records", index: Int?, message: String) {
        self.list = list
        self.index = index
        self.message = message
    }

    /// `records[3]: message`, or just the message without an index.
    public var description: String { index.map { "\(list)[\($0)]: \(message)" } ?? message }
}

/// A policies document, or a client-network table, that cannot be used: every problem found.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in entry order.
    public var problems: [PolicyProblem]

    /// Creates an error.
    public init(problems: [PolicyProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A problem message, as a `Result` failure while validating one value.
struct PolicyProblemMessage: Error, Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    let text: String

    init(_ text: String) { self.text = text }

    init(stringLiteral value: String) { text = value }
}
