import Foundation

/// A real directory tree under a fresh temporary directory, removed on `deinit`:
///
/// ```
/// <base>/site/                     the root served
///   index.html, hello.txt ("hello world"), "space file.txt", a/b.txt
///   docs/index.html, empty/ (no index), .git/config, .env, .well-known/security.txt, a/.hidden
///   link-inside -> hello.txt, dirlink-inside -> docs, hidden-target -> .env
///   link-outside -> <base>/outside/secret.txt, dirlink-outside -> <base>/outside
///   fifo (a named pipe)
/// <base>/outside/secret.txt
/// <base>/site-link -> site
/// ```
final class SiteFixture {
    /// The temporary base directory.
    let base: String
    /// `<base>/site`, the origin root (not canonicalised).
    let root: String
    /// The modification time given to `hello.txt`: 2000-02-29 12:00:00 UTC.
    static let helloModified: Int64 = 951_825_600

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/edge-origin-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        base = String(cString: made)
        root = base + "/site"
        let files: [String: String] = [
            "site/index.html": "<h1>home</h1>\n",
            "site/hello.txt": "hello world",
            "site/space file.txt": "spaced",
            "site/a/b.txt": "b",
            "site/a/.hidden": "hidden",
            "site/docs/index.html": "<h1>docs</h1>\n",
            "site/.git/config": "[core]\n",
            "site/.env": "SECRET=1\n",
            "site/.well-known/security.txt": "Contact: mailto:security@example.test\n",
            "outside/secret.txt": "top secret\n",
        ]
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        for (path, contents) in files {
            let url = URL(fileURLWithPath: base + "/" + path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        try fm.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: TimeInterval(Self.helloModified))],
            ofItemAtPath: root + "/hello.txt"
        )
        let links = [
            "link-inside": "hello.txt", "dirlink-inside": "docs", "hidden-target": ".env",
            "link-outside": base + "/outside/secret.txt", "dirlink-outside": base + "/outside",
        ]
        for (name, target) in links {
            try fm.createSymbolicLink(atPath: root + "/" + name, withDestinationPath: target)
        }
        try fm.createSymbolicLink(atPath: base + "/site-link", withDestinationPath: "site")
        guard mkfifo(root + "/fifo", 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: base)
    }
}
