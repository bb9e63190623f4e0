import EdgeHealth
import Testing

@Suite struct HealthCheckStateTests {
    @Test func unknownUntilFirstResultAndTreatedAsHealthy() {
        let state = HealthCheckState(failureThreshold: 3)
        #expect(state.status == .unknown)
        #expect(state.isHealthy)
    }

    @Test func firstSuccessIsHealthyAtOnce() {
        var state = HealthCheckState(failureThreshold: 3)
        #expect(state.record(.success, at: 10) == .healthy)
        #expect(state.lastTransition == 10)
    }

    @Test func unhealthyOnlyAfterThresholdConsecutiveFailures() {
        var state = HealthCheckState(failureThreshold: 3)
        state.record(.success, at: 0)
        #expect(state.record(.failure("refused"), at: 10) == nil)
        #expect(state.record(.failure("refused"), at: 20) == nil)
        #expect(state.isHealthy)
        #expect(state.record(.failure("refused"), at: 30) == .unhealthy)
        #expect(!state.isHealthy)
        #expect(state.consecutiveFailures == 3)
        #expect(state.lastOutcome == .failure("refused"))
    }

    @Test func aSuccessInBetweenResetsTheFailureCount() {
        var state = HealthCheckState(failureThreshold: 2)
        state.record(.failure("x"), at: 0)
        state.record(.success, at: 1)
        #expect(state.record(.failure("x"), at: 2) == nil)
        #expect(state.status == .healthy)
        #expect(state.record(.failure("x"), at: 3) == .unhealthy)
    }

    @Test func healthyAgainOnlyAfterThresholdConsecutiveSuccesses() {
        var state = HealthCheckState(failureThreshold: 3)
        for t in 0..<3 { state.record(.failure("down"), at: Double(t)) }
        #expect(state.status == .unhealthy)
        #expect(state.record(.success, at: 3) == nil)
        #expect(state.record(.success, at: 4) == nil)
        #expect(state.status == .unhealthy)
        #expect(state.record(.success, at: 5) == .healthy)
        #expect(state.probes == 6)
    }

    @Test func failuresFromUnknownNeedTheThresholdToo() {
        var state = HealthCheckState(failureThreshold: 2)
        #expect(state.record(.failure("x"), at: 0) == nil)
        #expect(state.status == .unknown)
        #expect(state.record(.failure("x"), at: 1) == .unhealthy)
    }

    @Test func thresholdBelowOneIsOne() {
        var state = HealthCheckState(failureThreshold: 0)
        #expect(state.failureThreshold == 1)
        #expect(state.record(.failure("x"), at: 0) == .unhealthy)
    }
}
