import Testing

@testable import EdgeDNS

@Suite struct ZoneFileErrorTests {
    static let origin = try! DNSName("example.test.")

    func problems(_ text: String, loader: ((String) throws -> String)? = nil) -> [ZoneFileProblem] {
        do {
            _ = try ZoneFileParser.parse(text: text, file: "z.zone", origin: Self.origin, includeLoader: loader)
            return []
        } catch {
            return error.problems
        }
    }

    static let cases: [(String, ZoneFileProblem.Kind, Int)] = [
        ("$TTL 1\na TXT \"open\n", .syntax, 2),
        ("$TTL 1\na A 1.2.3.4 )\n", .syntax, 2),
        ("$TTL 1\n\na A ( 1.2.3.4\n", .syntax, 3),
        ("$TTL 1\na..b A 1.2.3.4\n", .badOwner, 2),
        ("$TTL 1\na 99999999999 A 1.2.3.4\n", .badTTL, 2),
        ("$TTL 1x\n", .badTTL, 1),
        ("a A 1.2.3.4\n", .badTTL, 1),
        ("$TTL 1\na CH A 1.2.3.4\n", .badClass, 2),
        ("$TTL 1\na IN\n", .badType, 2),
        ("$TTL 1\na IN BOGUS x\n", .badType, 2),
        ("$TTL 1\na OPT \\# 0\n", .badType, 2),
        ("$TTL 1\n\n\na A 1.2.3.300\n", .badRData, 4),
        ("$TTL 1\na MX 10\n", .badRData, 2),
        ("$ORIGIN\n", .badDirective, 1),
        ("$ORIGIN a..b.\n", .badDirective, 1),
        ("$TTL\n", .badDirective, 1),
        ("$GENERATE 1-10 host$ A 192.0.2.$\n", .badDirective, 1),
        ("$BOGUS x\n", .badDirective, 1),
        ("$INCLUDE\n", .badDirective, 1),
        ("$TTL 1\n  A 1.2.3.4\n", .noPreviousOwner, 2),
        ("$INCLUDE /etc/passwd\n", .includeRefused, 1),
        ("$INCLUDE ../secret.zone\n", .includeRefused, 1),
        ("$INCLUDE a/../../x\n", .includeRefused, 1),
    ]

    @Test(arguments: cases.indices)
    func reportsKindAndLine(index: Int) {
        let (text, kind, line) = Self.cases[index]
        let found = problems(text) { _ in "" }
        #expect(found.count == 1)
        #expect(found.first?.kind == kind)
        #expect(found.first?.line == line)
        #expect(found.first?.description.hasPrefix("z.zone:\(line): ") == true)
    }

    @Test func collectsEveryProblemAndKeepsGoing() {
        let text = """
            $TTL 1h
            a A 1.2.3.4
            b A nonsense
            c AAAA 2001:db8::1
            d MX x y
            e BOGUS 1
            """
        let found = problems(text)
        #expect(found.map(\.line) == [3, 5, 6])
        #expect(found.map(\.kind) == [.badRData, .badRData, .badType])
    }

    @Test func includesAreRefusedWithoutALoader() {
        #expect(problems("$INCLUDE x.inc\n").map(\.kind) == [.includeRefused])
    }

    @Test func loaderFailuresAreReported() {
        struct Missing: Error, CustomStringConvertible {
            var description: String { "no such file" }
        }
        let found = problems("$TTL 1\n$INCLUDE x.inc\n") { _ in throw Missing() }
        #expect(
            found == [
                ZoneFileProblem(
                    file: "z.zone", line: 2, kind: .includeFailed, message: "$INCLUDE 'x.inc': no such file")
            ])
    }

    @Test func includeLoopsAndDepthAreRefused() {
        let loop = problems("$INCLUDE self.inc\n") { _ in "$INCLUDE self.inc\n" }
        #expect(loop.map(\.kind) == [.includeRefused])
        #expect(loop.first?.file == "self.inc")
        var calls = 0
        let deep = problems("$INCLUDE d0\n") { _ in
            calls += 1
            return "$INCLUDE d\(calls)\n"
        }
        #expect(deep.map(\.kind) == [.includeRefused])
        #expect(calls == ZoneFileParser.maximumIncludeDepth)
    }

    @Test func problemsInsideIncludesNameTheIncludedFile() {
        let found = problems("$TTL 1\n$INCLUDE sub/x.inc\n") { _ in "ok A 1.2.3.4\nbad A 1\n" }
        #expect(found.map(\.description) == ["sub/x.inc:2: bad A data: bad IPv4 address '1'"])
    }

    @Test func noOriginAtAll() throws {
        #expect(throws: ZoneFileErrors.self) {
            try ZoneFileParser.parse(text: "$TTL 1\n", file: "z")
        }
        #expect(throws: ZoneFileErrors.self) {
            try ZoneFileParser.parse(text: "$TTL 1\nwww A 1.2.3.4\n", file: "z")
        }
    }
}
