import EdgeDNS
import EdgeDNSServer
import Testing

private typealias Spec = PolicyRecordSpec

@Suite struct PolicyRecordSourceTests {
    // MARK: weighted

    private let blueGreen = [
        Spec(name: "www.example.test.", type: "A", setIdentifier: "blue", ttl: 60, values: ["192.0.2.1"], weight: 1),
        Spec(name: "www.example.test.", type: "A", setIdentifier: "green", ttl: 60, values: ["192.0.2.2"], weight: 3),
    ]

    @Test func weightedAnswersFollowTheWeights() throws {
        let harness = try PolicyHarness(blueGreen)
        let counts = try harness.tally("www.example.test.", count: 10_000)
        #expect(Set(counts.keys) == ["192.0.2.1", "192.0.2.2"])
        // Expected 2500 : 7500, standard deviation ≈ 43.
        #expect((2350...2650).contains(counts["192.0.2.1"] ?? 0))
        #expect((7350...7650).contains(counts["192.0.2.2"] ?? 0))
    }

    @Test func seededDrawsAreReproducible() throws {
        let first = try PolicyHarness(blueGreen, seed: 99)
        let second = try PolicyHarness(blueGreen, seed: 99)
        let other = try PolicyHarness(blueGreen, seed: 100)
        let a = try (0..<64).map { _ in try first.ask("www.example.test.") }
        let b = try (0..<64).map { _ in try second.ask("www.example.test.") }
        let c = try (0..<64).map { _ in try other.ask("www.example.test.") }
        #expect(a == b)
        #expect(a != c)
    }

    @Test func allZeroWeightsAreEqual() throws {
        let records = ["192.0.2.1", "192.0.2.2", "192.0.2.3"].enumerated().map { offset, value in
            Spec(name: "zero.example.test.", type: "A", setIdentifier: "z\(offset)", values: [value], weight: 0)
        }
        let counts = try PolicyHarness(records).tally("zero.example.test.", count: 9_000)
        #expect(counts.count == 3)
        for value in ["192.0.2.1", "192.0.2.2", "192.0.2.3"] { #expect((2800...3200).contains(counts[value] ?? 0)) }
    }

    @Test func weightedSkipsUnhealthyAndZeroWeightsUntilNeeded() throws {
        var records = blueGreen
        records[0].healthCheckId = "blue"
        records[1].healthCheckId = "green"
        records.append(
            Spec(
                name: "www.example.test.", type: "A", setIdentifier: "spare", values: ["192.0.2.9"], weight: 0,
                healthCheckId: "spare"))
        let harness = try PolicyHarness(records)
        // Weight 0 is never chosen while a weighted record is healthy.
        #expect(try harness.tally("www.example.test.", count: 400)["192.0.2.9"] == nil)
        harness.health.set("green", healthy: false)
        #expect(try harness.tally("www.example.test.", count: 200) == ["192.0.2.1": 200])
        harness.health.set("blue", healthy: false)
        #expect(try harness.tally("www.example.test.", count: 200) == ["192.0.2.9": 200])
        // Every record unhealthy: all are considered again, weights as given.
        harness.health.set("spare", healthy: false)
        let counts = try harness.tally("www.example.test.", count: 4_000)
        #expect(counts["192.0.2.9"] == nil)
        #expect((850...1150).contains(counts["192.0.2.1"] ?? 0))
        #expect((2850...3150).contains(counts["192.0.2.2"] ?? 0))
    }

    // MARK: failover

    @Test func failoverFlipsWithThePrimarysHealthAndBack() throws {
        let harness = try PolicyHarness([
            Spec(
                name: "app.example.test.", type: "A", setIdentifier: "main", values: ["192.0.2.10"],
                failover: "PRIMARY", healthCheckId: "main"),
            Spec(
                name: "app.example.test.", type: "A", setIdentifier: "backup", values: ["192.0.2.20"],
                failover: "secondary", healthCheckId: "backup"),
        ])
        #expect(try harness.ask("app.example.test.") == ["192.0.2.10"])  // unknown = healthy
        harness.health.set("main", healthy: false)
        #expect(try harness.ask("app.example.test.") == ["192.0.2.20"])
        harness.health.set("main", healthy: true)
        #expect(try harness.ask("app.example.test.") == ["192.0.2.10"])
        harness.health.set("main", healthy: false)
        harness.health.set("backup", healthy: false)
        #expect(try harness.ask("app.example.test.") == ["192.0.2.10"])  // both down: PRIMARY
        harness.health.set("main", healthy: nil)
        #expect(try harness.ask("app.example.test.") == ["192.0.2.10"])
    }

    // MARK: latency

    private let latency = [
        Spec(
            name: "api.example.test.", type: "A", setIdentifier: "eu", ttl: 60, values: ["10.1.2.3"],
            region: "eu-west-1", healthCheckId: "api-eu"),
        Spec(name: "api.example.test.", type: "A", setIdentifier: "us", values: ["10.2.2.3"], region: "US-EAST-1"),
    ]

    @Test func latencyUsesTheClientAddressThenTheClientSubnet() throws {
        let harness = try PolicyHarness(latency)
        #expect(try harness.ask("api.example.test.", context: PolicyFixture.context("10.1.9.9")) == ["10.1.2.3"])
        #expect(try harness.ask("api.example.test.", context: PolicyFixture.context("10.2.9.9")) == ["10.2.2.3"])
        // The resolver is in Europe, its client in the US: ECS wins.
        let ecs = try PolicyFixture.context("10.1.9.9", subnet: ("10.2.7.0", 24))
        #expect(try harness.ask("api.example.test.", context: ecs) == ["10.2.2.3"])
        // ECS /0 carries no client information: the source address decides.
        let zero = try PolicyFixture.context("10.2.9.9", subnet: ("0.0.0.0", 0))
        #expect(try harness.ask("api.example.test.", context: zero) == ["10.2.2.3"])
        // IPv6 client.
        let v6 = QueryContext(transport: .tcp, client: .v6(IPv6Address("2001:db8:1::5")!))
        #expect(try harness.ask("api.example.test.", context: v6) == ["10.1.2.3"])
        // Unknown client: the first record in document order.
        #expect(try harness.ask("api.example.test.", context: PolicyFixture.context("192.0.2.1")) == ["10.1.2.3"])
        #expect(try harness.response("api.example.test.").answers.map(\.ttl) == [60])
    }

    @Test func latencyFallsBackToTheNextRegionWhenUnhealthy() throws {
        let harness = try PolicyHarness(latency)
        harness.health.set("api-eu", healthy: false)
        #expect(try harness.ask("api.example.test.", context: PolicyFixture.context("10.1.9.9")) == ["10.2.2.3"])
    }

    @Test func latencyRanksOtherRegionsByTheProximityTable() throws {
        let sydney = try PolicyFixture.context("10.3.0.1")
        #expect(try PolicyHarness(latency).ask("api.example.test.", context: sydney) == ["10.1.2.3"])
        let proximity = PolicyRegionProximity(["ap-southeast-2": ["us-east-1", "eu-west-1"]])
        let harness = try PolicyHarness(latency, proximity: proximity)
        #expect(try harness.ask("api.example.test.", context: sydney) == ["10.2.2.3"])
        #expect(proximity.rank(of: "eu-west-1", forClientIn: "ap-southeast-2") == 2)
        #expect(proximity.rank(of: "sa-east-1", forClientIn: "ap-southeast-2") == Int.max)
    }

    // MARK: geolocation

    private let geo = [
        Spec(
            name: "geo.example.test.", type: "A", setIdentifier: "ie", values: ["192.0.2.1"],
            geoLocation: .init(countryCode: "IE"), healthCheckId: "ie"),
        Spec(
            name: "geo.example.test.", type: "A", setIdentifier: "eu", values: ["192.0.2.2"],
            geoLocation: .init(continentCode: "EU")),
        Spec(
            name: "geo.example.test.", type: "A", setIdentifier: "wa", values: ["192.0.2.3"],
            geoLocation: .init(countryCode: "US", subdivisionCode: "WA")),
        Spec(
            name: "geo.example.test.", type: "A", setIdentifier: "us", values: ["192.0.2.4"],
            geoLocation: .init(countryCode: "US")),
        Spec(
            name: "geo.example.test.", type: "A", setIdentifier: "default", values: ["192.0.2.5"],
            geoLocation: .init(countryCode: "*")),
    ]

    @Test func geolocationPrefersSubdivisionThenCountryThenContinentThenDefault() throws {
        let harness = try PolicyHarness(geo)
        func at(_ client: String) throws -> [String] {
            try harness.ask("geo.example.test.", context: PolicyFixture.context(client))
        }
        #expect(try at("10.1.0.1") == ["192.0.2.1"])  // IE
        #expect(try at("10.4.0.1") == ["192.0.2.2"])  // FR → EU
        #expect(try at("10.5.0.1") == ["192.0.2.3"])  // US-WA
        #expect(try at("10.2.0.1") == ["192.0.2.4"])  // US
        #expect(try at("10.6.0.1") == ["192.0.2.5"])  // JP → default
        #expect(try at("192.0.2.77") == ["192.0.2.5"])  // unknown → default
        // ECS from a French client through an Irish resolver.
        let ecs = try PolicyFixture.context("10.1.0.1", subnet: ("10.4.3.0", 24))
        #expect(try harness.ask("geo.example.test.", context: ecs) == ["192.0.2.2"])
        // An unhealthy country record gives way to its continent.
        harness.health.set("ie", healthy: false)
        #expect(try at("10.1.0.1") == ["192.0.2.2"])
    }

    @Test func geolocationWithoutAMatchIsNoData() throws {
        let harness = try PolicyHarness(Array(geo.prefix(2)))
        let response = try harness.response("geo.example.test.", context: PolicyFixture.context("10.6.0.1"))
        #expect(response.header.rcode == .noError && response.answers.isEmpty)
        #expect(response.authority.map(\.type) == [.soa])
        #expect(try harness.ask("geo.example.test.", context: PolicyFixture.context("10.4.0.1")) == ["192.0.2.2"])
    }

    @Test func geolocationAllUnhealthyAnswersTheMostSpecificMatch() throws {
        var records = Array(geo.prefix(2))
        records[1].healthCheckId = "eu"
        let harness = try PolicyHarness(records)
        harness.health.replaceAll(["ie": false, "eu": false])
        #expect(try harness.ask("geo.example.test.", context: PolicyFixture.context("10.1.0.1")) == ["192.0.2.1"])
    }

    // MARK: multivalue

    private func multivalue(_ count: Int) -> [Spec] {
        (1...count).map {
            Spec(
                name: "mv.example.test.", type: "A", setIdentifier: "m\($0)", values: ["192.0.2.\($0)"],
                multiValueAnswer: true, healthCheckId: "m\($0)")
        }
    }

    @Test func multivalueCapsAtEightAndDropsUnhealthy() throws {
        let harness = try PolicyHarness(multivalue(12))
        var seen: Set<String> = []
        for _ in 0..<50 {
            let answer = try harness.ask("mv.example.test.")
            #expect(answer.count == 8 && Set(answer).count == 8)
            seen.formUnion(answer)
        }
        #expect(seen.count == 12)  // a random eight each time
        for index in 1...6 { harness.health.set("m\(index)", healthy: false) }
        let healthy = Set((7...12).map { "192.0.2.\($0)" })
        for _ in 0..<20 { #expect(Set(try harness.ask("mv.example.test.")) == healthy) }
    }

    @Test func multivalueAllUnhealthyReturnsAll() throws {
        let harness = try PolicyHarness(multivalue(3))
        harness.health.replaceAll(["m1": false, "m2": false, "m3": false])
        #expect(Set(try harness.ask("mv.example.test.")) == ["192.0.2.1", "192.0.2.2", "192.0.2.3"])
        harness.health.set("m2", healthy: true)
        #expect(try harness.ask("mv.example.test.") == ["192.0.2.2"])
    }

    // MARK: alias

    @Test func aliasAnswersWithTheTargetsRecordsAtItsTTL() throws {
        let harness = try PolicyHarness(
            blueGreen + [
                Spec(name: "example.test.", type: "A", aliasTarget: .init(dnsName: "www.example.test.")),
                Spec(
                    name: "static-alias.example.test.", type: "A", aliasTarget: .init(dnsName: "TARGET.example.test.")),
                Spec(name: "wild-alias.example.test.", type: "A", aliasTarget: .init(dnsName: "x.wild.example.test.")),
            ])
        let apex = try harness.response("example.test.")
        #expect(apex.answers.count == 1)
        #expect(apex.answers.allSatisfy { $0.owner.description == "example.test." && $0.ttl == 60 })
        let counts = try harness.tally("example.test.", count: 2_000)
        #expect((1350...1650).contains(counts["192.0.2.2"] ?? 0) && counts.count == 2)
        #expect(
            try harness.response("static-alias.example.test.").answers.map(\.description) == [
                "static-alias.example.test. 120 IN A 198.51.100.7"
            ])
        #expect(try harness.ask("wild-alias.example.test.") == ["198.51.100.99"])
        // The apex keeps its other records; a type the target lacks is NODATA.
        #expect(try harness.response("example.test.", .soa).answers.count == 1)
        #expect(try harness.response("static-alias.example.test.", .aaaa).answers.isEmpty)
    }

    @Test func aliasEvaluatesTargetHealth() throws {
        func records(evaluate: Bool) -> [Spec] {
            [
                Spec(
                    name: "svc.example.test.", type: "A", setIdentifier: "pool", failover: "PRIMARY",
                    aliasTarget: .init(dnsName: "pool.example.test.", evaluateTargetHealth: evaluate)),
                Spec(
                    name: "svc.example.test.", type: "A", setIdentifier: "sorry", values: ["192.0.2.99"],
                    failover: "SECONDARY"),
                Spec(
                    name: "pool.example.test.", type: "A", setIdentifier: "p1", values: ["192.0.2.1"],
                    multiValueAnswer: true, healthCheckId: "p1"),
                Spec(
                    name: "pool.example.test.", type: "A", setIdentifier: "p2", values: ["192.0.2.2"],
                    multiValueAnswer: true, healthCheckId: "p2"),
            ]
        }
        let evaluating = try PolicyHarness(records(evaluate: true))
        #expect(Set(try evaluating.ask("svc.example.test.")) == ["192.0.2.1", "192.0.2.2"])
        evaluating.health.set("p1", healthy: false)
        #expect(try evaluating.ask("svc.example.test.") == ["192.0.2.2"])
        evaluating.health.set("p2", healthy: false)
        #expect(try evaluating.ask("svc.example.test.") == ["192.0.2.99"])
        let ignoring = try PolicyHarness(records(evaluate: false))
        ignoring.health.replaceAll(["p1": false, "p2": false])
        #expect(Set(try ignoring.ask("svc.example.test.")) == ["192.0.2.1", "192.0.2.2"])
    }

    // MARK: fallback and the engine

    @Test func namesWithoutPoliciesComeFromTheZoneFile() throws {
        let harness = try PolicyHarness(blueGreen)
        #expect(try harness.ask("static.example.test.") == ["192.0.2.10"])
        #expect(try harness.response("nothere.example.test.").header.rcode == .nameError)
        #expect(try harness.response("www.example.test.", .aaaa).answers.isEmpty)
        // Case-insensitive names; owners as written in the policies.
        #expect(try harness.response("WWW.Example.TEST.").answers.first?.owner.description == "www.example.test.")
    }

    @Test func valuesParseForEachType() throws {
        let harness = try PolicyHarness([
            Spec(name: "mx.example.test.", type: "MX", values: ["10 mail.example.test.", "20 backup.example.test."]),
            Spec(name: "txt.example.test.", type: "txt", values: ["\"v=spf1 -all\""]),
            Spec(name: "v6.example.test.", type: "AAAA", values: ["2001:db8::1"]),
            Spec(name: "alias-cname.example.test.", type: "CNAME", values: ["static.example.test."]),
        ])
        #expect(try harness.ask("mx.example.test.", .mx) == ["10 mail.example.test.", "20 backup.example.test."])
        #expect(try harness.ask("txt.example.test.", .txt) == ["\"v=spf1 -all\""])
        #expect(try harness.ask("v6.example.test.", .aaaa) == ["2001:db8::1"])
        #expect(try harness.ask("alias-cname.example.test.") == ["static.example.test.", "192.0.2.10"])
    }

    @Test func reloadReplacesThePolicies() throws {
        let harness = try PolicyHarness(blueGreen)
        var configuration = harness.source.configuration
        configuration.policies = try PolicySet(records: [
            Spec(name: "www.example.test.", type: "A", values: ["192.0.2.77"])
        ])
        harness.source.replaceConfiguration(configuration)
        #expect(try harness.ask("www.example.test.") == ["192.0.2.77"])
    }
}
