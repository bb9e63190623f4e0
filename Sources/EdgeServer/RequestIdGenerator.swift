/// Request ids without a system call per request: one random seed per connection, then splitmix64
/// over a counter. Ids are 16 hex digits, unique per connection and unpredictable across connections.
struct RequestIdGenerator {
    private var state: UInt64

    /// Seeds from the system's random source (once per connection).
    init() {
        state = UInt64.random(in: 0...UInt64.max)
    }

    /// Seeds with a fixed value (tests).
    init(seed: UInt64) {
        state = seed
    }

    /// The next id.
    mutating func next() -> String {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Self.hex(z)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 16) { buffer in
            digits.withUTF8Buffer { d in
                for i in 0..<16 {
                    buffer[i] = d[Int((value >> UInt64(60 - 4 * i)) & 0xF)]
                }
            }
            return 16
        }
    }
}
