import NIOConcurrencyHelpers

/// The random source of weighted and multivalue routing: a thread-safe function returning uniformly
/// distributed 64-bit values. Inject a seeded generator in tests.
///
/// ```swift
/// let random = PolicyRandom(generator: SplitMix64(seed: 42))   // any RandomNumberGenerator & Sendable
/// random.below(4)                                               // 0…3
/// ```
public struct PolicyRandom: Sendable {
    /// The system's cryptographically secure generator.
    public static let system = PolicyRandom { UInt64.random(in: .min ... .max) }

    private let next: @Sendable () -> UInt64

    /// Wraps a thread-safe function returning uniform 64-bit values.
    public init(_ next: @escaping @Sendable () -> UInt64) {
        self.next = next
    }

    /// Wraps a generator behind a lock (generators are mutable values; queries arrive on many threads).
    public init<Generator: RandomNumberGenerator & Sendable>(generator: Generator) {
        let box = NIOLockedValueBox(generator)
        self.next = { box.withLockedValue { $0.next() } }
    }

    /// The next 64-bit value.
    public func nextValue() -> UInt64 { next() }

    /// A value in `0..<bound` (`bound` > 0), by the high half of a 128-bit product (Lemire), whose bias is
    /// below bound / 2⁶⁴.
    public func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "empty range")
        return next().multipliedFullWidth(by: bound).high
    }
}
