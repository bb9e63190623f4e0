import Foundation

@testable import EdgeConfig

/// Inline configurations and a scratch directory for the loader tests.
enum ConfigFixtures {
    /// The configuration contract example from design.md, adapted so it validates: `api-backup` exists,
    /// and the files it names are created by `makeContractDirectory()`.
    static let contract = """
        node: {name: edge-local, region: local, stateDirectory: .edge-state}
        listeners:
          - {name: http,  address: "127.0.0.1:8080", protocol: http}
          - {name: https, address: "127.0.0.1:8443", protocol: https, minimumProtocolVersion: TLSv1.2}
          - {name: admin, address: "127.0.0.1:9090", protocol: admin, tokenFile: admin.token}
        certificates:                         # SNI: exact name, then wildcard, then the one marked default
          - {domains: [example.test, www.example.test], certificateFile: certs/example.pem, privateKeyFile: certs/example.key}
          - {domains: ["*.example.test"], selfSigned: true, default: true}
        dns:
          listeners: ["127.0.0.1:5353"]
          zones: [{file: zones/example.test.zone, policies: zones/example.test.policies.yaml}]
        origins:
          - {id: site,   directory: {path: site}}
          - {id: assets, s3: {bucket: assets, region: us-east-1, endpoint: "http://127.0.0.1:5000"}}
          - {id: api,    http: {url: "http://api.regional.example.test:8081"}, connectionTimeout: 10s,
             connectionAttempts: 3, responseTimeout: 30s, keepaliveTimeout: 5s}
          - {id: api-backup, http: {url: "http://127.0.0.1:8082/v1"}}
        originGroups:
          - {id: api-ha, members: [api, api-backup], failoverCriteria: {statusCodes: [500, 502, 503, 504]}}
        distributions:
          - id: main
            aliases: [example.test, www.example.test]
            viewerProtocolPolicy: redirect-to-https
            cacheBehaviors:
              - {pathPattern: "/api/*", targetOriginId: api-ha, cachePolicy: CachingDisabled,
                 allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]}
              - {pathPattern: "/static/*", targetOriginId: assets, compress: true,
                 cachePolicy: {minTTL: 0, defaultTTL: 86400, maxTTL: 31536000}}
            defaultCacheBehavior: {targetOriginId: site}
        apis: []
        """

    /// A small valid configuration needing no files; tests append to or edit it.
    static let minimal = """
        listeners:
          - {name: http, address: "127.0.0.1:8080", protocol: http}
        origins:
          - id: app
            http: {url: "http://127.0.0.1:9000"}
        distributions:
          - id: main
            aliases: [example.test]
            defaultCacheBehavior: {targetOriginId: app}
        """

    /// A fresh directory with what `contract` names: certs/example.{pem,key}, site/, admin.token, zones/.
    static func makeContractDirectory() throws -> String {
        let directory = try makeScratchDirectory()
        let manager = FileManager.default
        for sub in ["certs", "site", "zones"] {
            try manager.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        for file in [
            "certs/example.pem", "certs/example.key", "admin.token", "zones/example.test.zone",
            "zones/example.test.policies.yaml", "site/index.html",
        ] {
            try Data("x\n".utf8).write(to: URL(fileURLWithPath: "\(directory)/\(file)"))
        }
        return directory
    }

    /// A fresh, empty directory under the system's temporary directory.
    static func makeScratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("edge-config-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every problem loading `yaml` reports: the error's problems on failure, the warnings on success.
    static func problems(_ yaml: String, baseDirectory: String = "/nonexistent-edge-base") -> [ConfigProblem] {
        do {
            return try ConfigLoader.parse(yaml: yaml, file: "edge.yaml", baseDirectory: baseDirectory).warnings
        } catch {
            return error.problems
        }
    }

    /// The problems at `keyPath`.
    static func problems(at keyPath: String, in yaml: String, baseDirectory: String = "/nonexistent-edge-base")
        -> [ConfigProblem]
    {
        problems(yaml, baseDirectory: baseDirectory).filter { $0.keyPath == keyPath }
    }
}
