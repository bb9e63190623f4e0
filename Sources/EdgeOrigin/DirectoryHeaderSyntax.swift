/// Small pieces of HTTP field syntax shared by the directory origin's header parsers.
enum DirectoryHeaderSyntax {
    /// The text without leading and trailing spaces and tabs (HTTP's optional whitespace, `OWS`).
    static func trimmingOWS(_ text: some StringProtocol) -> Substring {
        var result = Substring(text)
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
