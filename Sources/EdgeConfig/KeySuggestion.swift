/// Finds the valid name closest to a misspelt one, for `did you mean '...'?` hints.
enum KeySuggestion {
    /// The candidate nearest to `name` by edit distance (ignoring case), if it is close enough to be a
    /// plausible misspelling: at most 1 edit for names up to 3 characters, 2 up to 6, 3 beyond.
    static func nearest(to name: String, in candidates: [String]) -> String? {
        let lowered = Array(name.lowercased())
        let limit = lowered.count <= 3 ? 1 : (lowered.count <= 6 ? 2 : 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// `; did you mean 'x'?` or, with no close candidate, `; expected one of: a, b, c`.
    static func hint(for name: String, in candidates: [String]) -> String {
        if let nearest = nearest(to: name, in: candidates) {
            return "; did you mean '\(nearest)'?"
        }
        return "; expected one of: \(candidates.joined(separator: ", "))"
    }

    /// Levenshtein distance (insertions, deletions, substitutions), with adjacent transpositions counted
    /// as one edit (so `pahtPattern` is one edit from `pathPattern`).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
