/// The byte-level machinery behind ``PathPattern``: character classes, shape detection and the iterative
/// wildcard matcher.
extension PathPattern {
    static let star = UInt8(ascii: "*")
    static let question = UInt8(ascii: "?")
    static let slash = UInt8(ascii: "/")

    /// CloudFront's allowed pattern characters: `A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + & ?`.
    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: "$"),
            UInt8(ascii: "/"), UInt8(ascii: "~"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "@"),
            UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "&"), UInt8(ascii: "?"):
            return true
        default:
            return false
        }
    }

    /// Picks the cheapest matcher that is exact for `program`.
    static func shape(of program: [UInt8]) -> Shape {
        let stars = program.indices.filter { program[$0] == star }
        if program.contains(question) { return .general }
        switch stars.count {
        case 0:
            return .literal
        case 1 where program.count == 1:
            return .everything
        case 1 where stars[0] == program.count - 1:
            return .prefix(program.count - 1)
        case 1 where stars[0] == 0:
            return .suffix(program.count - 1)
        default:
            return .general
        }
    }

    /// Whether `count` bytes of `program` from `programStart` equal those of `path` from `pathStart`.
    @inline(__always)
    static func equal(
        _ program: UnsafeBufferPointer<UInt8>, _ programStart: Int, _ path: UnsafeRawBufferPointer, _ pathStart: Int,
        count: Int
    ) -> Bool {
        var index = 0
        while index < count {
            if program[programStart + index] != path[pathStart + index] { return false }
            index += 1
        }
        return true
    }

    /// The index after the character starting at `index`: one byte, plus any UTF-8 continuation bytes.
    @inline(__always)
    static func nextCharacter(_ path: UnsafeRawBufferPointer, after index: Int) -> Int {
        var next = index + 1
        while next < path.count, path[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }

    /// The classic iterative glob matcher with a single backtrack point: on a mismatch it retries from the
    /// most recent `*`, letting it swallow one more character. Earlier stars never need revisiting, because
    /// the latest star can absorb anything an earlier one could.
    static func wildcardMatch(_ program: UnsafeBufferPointer<UInt8>, _ path: UnsafeRawBufferPointer) -> Bool {
        var patternIndex = 0
        var pathIndex = 0
        var starPattern = -1
        var starPath = 0
        while pathIndex < path.count {
            if patternIndex < program.count {
                let symbol = program[patternIndex]
                if symbol == star {
                    starPattern = patternIndex
                    starPath = pathIndex
                    patternIndex += 1
                    continue
                }
                if symbol == question {
                    patternIndex += 1
                    pathIndex = nextCharacter(path, after: pathIndex)
                    continue
                }
                if symbol == path[pathIndex] {
                    patternIndex += 1
                    pathIndex += 1
                    continue
                }
            }
            guard starPattern >= 0 else { return false }
            patternIndex = starPattern + 1
            starPath = nextCharacter(path, after: starPath)
            pathIndex = starPath
        }
        while patternIndex < program.count, program[patternIndex] == star { patternIndex += 1 }
        return patternIndex == program.count
    }
}
