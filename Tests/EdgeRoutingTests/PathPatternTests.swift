import Testing

@testable import EdgeRouting

/// One row of the matching table: pattern, path, expected outcome.
struct MatchCase: CustomTestStringConvertible, Sendable {
    let pattern: String
    let path: String
    let matches: Bool

    init(_ pattern: String, _ path: String, _ matches: Bool) {
        self.pattern = pattern
        self.path = path
        self.matches = matches
    }

    var testDescription: String { "'\(pattern)' ~ '\(path)' → \(matches)" }
}

@Suite("PathPattern matching")
struct PathPatternTests {
    static let cases: [MatchCase] = [
        // CloudFront's documented examples.
        MatchCase("/images/*.jpg", "/images/sample.jpg", true),
        MatchCase("/images/*.jpg", "/images/a/b.jpg", true),  // `*` crosses `/`
        MatchCase("/images/*.jpg", "/images/.jpg", true),  // zero characters
        MatchCase("/images/*.jpg", "/images/sample.png", false),
        MatchCase("/images/*.jpg", "/other/sample.jpg", false),
        MatchCase("/images/*.jpg", "/images/sample.jpg.gz", false),
        MatchCase("*.jpg", "/sample.jpg", true),
        MatchCase("*.jpg", "/images/sample.jpg", true),
        MatchCase("*.jpg", "/images/sample.jpeg", false),
        MatchCase("/images/*", "/images/", true),
        MatchCase("/images/*", "/images/a/b/c.png", true),
        MatchCase("/images/*", "/images", false),
        MatchCase("/images/*", "/Images/a.png", false),
        MatchCase("/images/?.jpg", "/images/a.jpg", true),
        MatchCase("/images/?.jpg", "/images/ab.jpg", false),
        MatchCase("/images/?.jpg", "/images/.jpg", false),
        MatchCase("/images/?.jpg", "/images//.jpg", true),  // `?` matches `/` too
        // Case sensitivity.
        MatchCase("/images/*.jpg", "/images/A.JPG", false),
        MatchCase("/images/*.jpg", "/images/A.jpg", true),
        MatchCase("/images/*.JPG", "/images/a.jpg", false),
        // Leading slash is optional in the pattern.
        MatchCase("images/*.jpg", "/images/sample.jpg", true),
        MatchCase("images/*.jpg", "images/sample.jpg", false),
        MatchCase("?.jpg", "/a.jpg", true),
        // `*` alone, and the empty path.
        MatchCase("*", "/", true),
        MatchCase("*", "/anything/at/all?", true),
        MatchCase("*", "", true),
        MatchCase("/*", "", false),
        MatchCase("/images/*", "", false),
        MatchCase("/index.html", "", false),
        // `?` at the end.
        MatchCase("/a/?", "/a/b", true),
        MatchCase("/a/?", "/a/", false),
        MatchCase("/a/?", "/a/bc", false),
        // Literal patterns and the literal characters CloudFront allows.
        MatchCase("/index.html", "/index.html", true),
        MatchCase("/index.html", "/index.htm", false),
        MatchCase("/index.html", "/index.html/", false),
        MatchCase("/a$b~c\"d'e@f:g+h&i", "/a$b~c\"d'e@f:g+h&i", true),
        // Percent-encoded paths are matched as received, not decoded.
        MatchCase("/a-b", "/a%2Db", false),  // %2D is "-" decoded, but nothing is decoded
        MatchCase("/a*b", "/a%20b", true),
        MatchCase("/a?20b", "/a%20b", true),  // `?` is the `%` byte
        MatchCase("/a???b", "/a%20b", true),
        MatchCase("/docs/*", "/docs/%E2%9C%93", true),
        // Several stars, backtracking.
        MatchCase("/a*b*c", "/aXbYc", true),
        MatchCase("/a*b*c", "/abc", true),
        MatchCase("/a*b*c", "/acb", false),
        MatchCase("*a*b", "/aaab", true),
        MatchCase("*a*b", "/aaaa", false),
        MatchCase("/**", "/x", true),
        MatchCase("/*?", "/", false),
        MatchCase("/*?", "/x", true),
        MatchCase("/*/*.css", "/a/b.css", true),
        MatchCase("/*/*.css", "/b.css", false),
        // Raw UTF-8 (non-compliant clients): `?` is one character, not one byte.
        MatchCase("/?", "/é", true),
        MatchCase("/??", "/é", false),
        MatchCase("/*?x", "/éx", true),
    ]

    @Test("matches the table", arguments: cases)
    func matchesTable(_ row: MatchCase) throws {
        let pattern = try PathPattern(row.pattern)
        #expect(pattern.matches(row.path) == row.matches)
        #expect(pattern.matches(row.path[...]) == row.matches)
        let viaBytes = Array(row.path.utf8).withUnsafeBufferPointer { pattern.matches(utf8: $0) }
        #expect(viaBytes == row.matches)
        let viaRaw = Array(row.path.utf8).withUnsafeBytes { pattern.matches(utf8: $0) }
        #expect(viaRaw == row.matches)
    }

    @Test("substrings are matched in place, not from the start of their base string")
    func substringSlice() throws {
        let target = "/images/a.jpg?size=1"
        let path = target[..<target.firstIndex(of: "?")!]
        #expect(try PathPattern("/images/*.jpg").matches(path))
        let inner = "xx/a.jpgyy".dropFirst(2).dropLast(2)
        #expect(try PathPattern("/a.jpg").matches(inner))
    }

    @Test("the general matcher agrees with the shape fast paths")
    func generalAgreesWithShapes() throws {
        let paths = ["", "/", "/api", "/api/", "/api/v1", "/x.jpg", "/a/b.jpg", "/jpg", ".jpg"]
        for source in ["/api/*", "*.jpg", "/api", "*"] {
            let pattern = try PathPattern(source)
            #expect(pattern.shape != .general)
            for path in paths {
                let general = pattern.program.withUnsafeBufferPointer { program in
                    Array(path.utf8).withUnsafeBytes { PathPattern.wildcardMatch(program, $0) }
                }
                #expect(pattern.matches(path) == general, "\(source) vs \(path)")
            }
        }
    }

    @Test("pathological backtracking patterns finish quickly")
    func pathological() throws {
        let pattern = try PathPattern("*a*a*a*a*a*a*a*a*a*a*b")
        let path = "/" + String(repeating: "a", count: 8_192)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(!pattern.matches(path))
            #expect(pattern.matches(path + "b"))
        }
        #expect(elapsed < .seconds(2))
    }
}

@Suite("PathPattern compilation")
struct PathPatternCompilationTests {
    @Test(
        "normalises a missing leading slash and runs of stars",
        arguments: [
            ("images/*.jpg", "/images/*.jpg"), ("/images/*.jpg", "/images/*.jpg"), ("*.jpg", "*.jpg"),
            ("?.jpg", "/?.jpg"), ("/a**b***", "/a*b*"), ("**", "*"), ("/", "/"),
        ])
    func normalises(_ written: String, _ normalized: String) throws {
        let pattern = try PathPattern(written)
        #expect(pattern.normalized == normalized)
        #expect(pattern.pattern == written)
        #expect(pattern.description == written)
    }

    @Test("patterns with and without the leading slash are equal")
    func leadingSlashEquality() throws {
        #expect(try PathPattern("images/*") == PathPattern("/images/*"))
        #expect(try PathPattern("images/*").hashValue == PathPattern("/images/*").hashValue)
        #expect(try PathPattern("/images/*") != PathPattern("/Images/*"))
    }

    @Test("accepts exactly 255 characters")
    func maximumLength() throws {
        let longest = "/" + String(repeating: "a", count: 254)
        #expect(try PathPattern(longest).pattern.count == 255)
        let tooLong = longest + "a"
        #expect(throws: PathPatternError(.tooLong(256), pattern: tooLong)) { try PathPattern(tooLong) }
    }

    @Test("rejects an empty pattern")
    func empty() {
        #expect(throws: PathPatternError(.empty, pattern: "")) { try PathPattern("") }
    }

    @Test(
        "rejects characters outside CloudFront's set",
        arguments: [
            ("/a b", " ", 2), ("/a%20b", "%", 2), ("/a#b", "#", 2), ("/é", "é", 1), ("/a\\b", "\\", 2),
            ("/[a]", "[", 1), ("/a=b", "=", 2), ("/a,b", ",", 2), ("/a\nb", "\n", 2), ("/a;b", ";", 2),
        ])
    func invalidCharacter(_ source: String, _ bad: String, _ offset: Int) {
        let expected = PathPatternError(.invalidCharacter(Character(bad), offset: offset), pattern: source)
        #expect(throws: expected) { try PathPattern(source) }
    }

    @Test("error messages name the problem")
    func messages() {
        #expect(PathPatternError(.empty, pattern: "").message == "path pattern is empty")
        let long = PathPatternError(.tooLong(300), pattern: "", keyPath: "a.b")
        #expect(long.description == "a.b: path pattern is 300 characters long; at most 255 are allowed")
        let bad = PathPatternError(.invalidCharacter("\n", offset: 2), pattern: "/a\nb")
        #expect(bad.message.contains("'U+A' at offset 2"))
    }

    @Test("matchAll matches everything and is the `*` pattern")
    func matchAll() throws {
        #expect(PathPattern.matchAll.matchesEverything)
        #expect(try PathPattern.matchAll == PathPattern("**"))
        #expect(try !PathPattern("/*").matchesEverything)
    }
}
