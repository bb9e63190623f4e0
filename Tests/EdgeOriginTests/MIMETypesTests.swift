import Testing

@testable import EdgeOrigin

@Suite struct MIMETypesTests {
    @Test(arguments: [
        ("/index.html", "text/html; charset=utf-8"), ("a.htm", "text/html; charset=utf-8"),
        ("/s/site.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8"),
        ("mod.mjs", "text/javascript; charset=utf-8"), ("data.json", "application/json; charset=utf-8"),
        ("app.js.map", "application/json; charset=utf-8"), ("notes.txt", "text/plain; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"), ("logo.svg", "image/svg+xml; charset=utf-8"),
        ("README.md", "text/markdown; charset=utf-8"), ("t.csv", "text/csv; charset=utf-8"),
        ("c.yaml", "application/yaml; charset=utf-8"), ("c.yml", "application/yaml; charset=utf-8"),
        ("p.png", "image/png"), ("p.jpg", "image/jpeg"), ("p.jpeg", "image/jpeg"), ("p.gif", "image/gif"),
        ("p.webp", "image/webp"), ("p.avif", "image/avif"), ("favicon.ico", "image/x-icon"),
        ("f.woff", "font/woff"), ("f.woff2", "font/woff2"), ("f.ttf", "font/ttf"), ("f.otf", "font/otf"),
        ("d.pdf", "application/pdf"), ("m.wasm", "application/wasm"), ("v.mp4", "video/mp4"),
        ("v.webm", "video/webm"), ("a.mp3", "audio/mpeg"), ("a.ogg", "audio/ogg"), ("z.zip", "application/zip"),
        ("z.tar.gz", "application/gzip"), ("z.tar", "application/x-tar"),
    ])
    func knownExtensions(path: String, type: String) {
        #expect(MIMETypes.contentType(forPath: path) == type)
    }

    @Test func extensionsAreCaseInsensitive() {
        #expect(MIMETypes.contentType(forPath: "/PHOTO.JPG") == "image/jpeg")
        #expect(MIMETypes.contentType(forPath: "Index.HtMl") == "text/html; charset=utf-8")
    }

    @Test(arguments: ["/Makefile", "/.bashrc", "/file.", "/dir.d/file", "/x.unknownext", "/", ""])
    func unknownOrMissingExtensionsAreOctetStream(path: String) {
        #expect(MIMETypes.contentType(forPath: path) == MIMETypes.defaultType)
        #expect(MIMETypes.defaultType == "application/octet-stream")
    }
}
