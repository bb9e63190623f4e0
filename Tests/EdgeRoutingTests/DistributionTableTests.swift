import EdgeConfig
import Testing

@testable import EdgeRouting

@Suite("Host normalisation and DistributionTable")
struct DistributionTableTests {
    let table = DistributionTable([
        Fixtures.distribution(id: "main", aliases: ["example.test", "WWW.Example.Test."]),
        Fixtures.distribution(id: "off", aliases: ["disabled.test", "*.disabled.test"], enabled: false),
        Fixtures.distribution(id: "wild", aliases: ["*.example.test"]),
        Fixtures.distribution(id: "deep", aliases: ["*.cdn.example.test", "static.cdn.example.test"]),
        Fixtures.distribution(id: "dup", aliases: ["example.test", "[::1]"]),
    ])

    @Test(
        "normalises host values",
        arguments: [
            ("example.test", "example.test"), ("Example.TEST", "example.test"), ("example.test.", "example.test"),
            ("example.test:8080", "example.test"), ("example.test.:443", "example.test"),
            ("[::1]:8443", "[::1]"), ("[::1]", "[::1]"), ("[2001:DB8::1]:80", "[2001:db8::1]"),
            ("127.0.0.1:8080", "127.0.0.1"), ("", ""), (":80", ""), ("example.test..", "example.test."),
        ])
    func normalised(_ host: String, _ expected: String) {
        #expect(HostName.normalized(host[...]) == expected)
    }

    @Test(
        "finds distributions by host",
        arguments: [
            ("example.test", 0), ("EXAMPLE.test", 0), ("example.test.", 0), ("example.test:8080", 0),
            ("www.example.test", 0), ("www.example.test.:80", 0),  // exact beats the wildcard
            ("a.example.test", 2), ("A.Example.Test:443", 2), ("x-1.example.test.", 2),
            ("static.cdn.example.test", 3), ("img.cdn.example.test", 3),
            ("cdn.example.test", 2),  // one label under *.example.test
            ("[::1]:8443", 4), ("[::1]", 4),
        ])
    func found(_ host: String, _ expected: Int) {
        #expect(table.distribution(forHost: host[...]) == expected)
        let viaBytes = Array(host.utf8).withUnsafeBytes { table.distribution(forHostUTF8: $0) }
        #expect(viaBytes == expected)
    }

    @Test(
        "wildcards match exactly one extra label; unknown and disabled hosts find nothing",
        arguments: [
            "a.b.example.test", "x.img.cdn.example.test", ".example.test", "example.test.x", "other.test",
            "disabled.test", "a.disabled.test", "", ":8080", "*.example.test.evil", "example", "[::2]:80",
            "examp1e.test",
        ])
    func notFound(_ host: String) {
        #expect(table.distribution(forHost: host[...]) == nil)
    }

    @Test("the first distribution listing an alias wins")
    func firstAliasWins() {
        #expect(table.distribution(forHost: "example.test") == 0)
        #expect(table.aliasCount == 6)  // 2 + 1 + 2 + 1 distinct enabled aliases (the duplicate is dropped)
    }

    @Test("many aliases stay exact and findable")
    func manyAliases() {
        let distributions = (0..<300).map { Fixtures.distribution(id: "d\($0)", aliases: ["host\($0).test"]) }
        let table = DistributionTable(distributions)
        for index in 0..<300 {
            #expect(table.distribution(forHost: "HOST\(index).test") == index)
        }
        #expect(table.distribution(forHost: "host300.test") == nil)
    }

    @Test("an empty table finds nothing")
    func empty() {
        #expect(DistributionTable([]).distribution(forHost: "example.test") == nil)
    }
}
