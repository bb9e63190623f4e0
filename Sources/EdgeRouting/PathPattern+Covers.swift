/// Pattern inclusion, used to find cache behaviors that can never match.
extension PathPattern {
    /// Whether every request path matched by `other` is also matched by `self`.
    ///
    /// The answer is sound: `true` is only returned when inclusion really holds (no false positives), for
    /// request paths, which always begin with `/`. It is not complete: some inclusions that need reasoning
    /// about several wildcards together are missed (e.g. `/?*` covers `/*?`, but `covers` says `false`).
    /// Examples: `/api/*` covers `/api/v1/*`; `*` and `/*` cover every pattern; `/a*` covers `/a?c`;
    /// `*.jpg` covers `/images/*.jpg`; `/a?c` does not cover `/a*`.
    ///
    /// How: `other` is read as a string of symbols (literals, `?`, `*`) and matched by `self` with the same
    /// single-backtrack algorithm as paths, where a literal of `self` matches only the same literal, `?`
    /// matches a literal or `?`, and `*` absorbs any run of symbols; a `*` of `other` can only be absorbed
    /// by a `*` of `self`. Any path of `other` then follows the same alignment through `self`.
    public func covers(_ other: PathPattern) -> Bool {
        if matchesEverything { return true }
        guard other.program.first == Self.star else {
            return Self.symbolicMatch(program, other.program[...])
        }
        // `other` is `*X`. Over paths that start with `/`, it is the union of `/*X` (the star swallows the
        // leading `/` and perhaps more) and the paths `X` itself matches that start with `/` (empty star).
        let rest = other.program.dropFirst()
        guard Self.symbolicMatch(program, [Self.slash] + other.program) else { return false }
        switch rest.first {
        case nil:
            return true  // `*` with an empty star matches only the empty path: not a request path.
        case Self.slash:
            return Self.symbolicMatch(program, rest)
        case Self.question:
            return Self.symbolicMatch(program, [Self.slash] + rest.dropFirst())
        default:
            return true  // `X` starts with a literal other than `/`: no request path.
        }
    }

    /// Whether `program` matches the symbol string `subject` (see ``covers(_:)``).
    static func symbolicMatch(_ program: [UInt8], _ subject: ArraySlice<UInt8>) -> Bool {
        let subject = Array(subject)
        var patternIndex = 0
        var subjectIndex = 0
        var starPattern = -1
        var starSubject = 0
        while subjectIndex < subject.count {
            if patternIndex < program.count {
                let symbol = program[patternIndex]
                let target = subject[subjectIndex]
                if symbol == star {
                    starPattern = patternIndex
                    starSubject = subjectIndex
                    patternIndex += 1
                    continue
                }
                let accepted =
                    symbol == question ? target != star : (target != star && target != question && symbol == target)
                if accepted {
                    patternIndex += 1
                    subjectIndex += 1
                    continue
                }
            }
            guard starPattern >= 0 else { return false }
            patternIndex = starPattern + 1
            starSubject += 1
            subjectIndex = starSubject
        }
        while patternIndex < program.count, program[patternIndex] == star { patternIndex += 1 }
        return patternIndex == program.count
    }
}
