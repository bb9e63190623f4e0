import EdgeCore
import NIOConcurrencyHelpers

/// A clock the test moves by hand.
final class ManualClock: EdgeClock {
    private let time = NIOLockedValueBox<Double>(1_000)
    func now() -> Double { time.withLockedValue { $0 } }
    func advance(_ seconds: Double) { time.withLockedValue { $0 += seconds } }
}
