extension ConditionalRequest {
    /// An entity tag as it appears in a header: an opaque quoted string, maybe marked weak (`W/`).
    struct EntityTag: Equatable {
        /// Whether the tag was prefixed with `W/`.
        var weak: Bool
        /// The opaque tag including its double quotes, e.g. `"5f3a-1c"`.
        var opaque: Substring

        /// Parses one tag (`"x"` or `W/"x"`), nil if it is malformed.
        init?(_ text: Substring) {
            var rest = text
            weak = rest.hasPrefix("W/")
            if weak { rest = rest.dropFirst(2) }
            guard rest.count >= 2, rest.first == "\"", rest.last == "\"",
                !rest.dropFirst().dropLast().contains("\"")
            else { return nil }
            opaque = rest
        }

        /// RFC 9110 §8.8.3.2 strong comparison: both strong and the same opaque tag.
        func strongMatch(_ other: EntityTag) -> Bool {
            !weak && !other.weak && opaque == other.opaque
        }

        /// RFC 9110 §8.8.3.2 weak comparison: the same opaque tag, weakness ignored.
        func weakMatch(_ other: EntityTag) -> Bool {
            opaque == other.opaque
        }
    }

    /// The value of an `If-Match` / `If-None-Match` field: `*` or a list of entity tags.
    enum EntityTagCondition: Equatable {
        /// `*`: any current representation.
        case any
        /// A comma-separated list (quoted commas are part of a tag). Malformed members are dropped.
        case tags([EntityTag])

        /// Parses a field value; several field lines must be joined with `, ` first.
        init(_ value: String) {
            let trimmed = DirectoryHeaderSyntax.trimmingOWS(value)
            if trimmed == "*" {
                self = .any
                return
            }
            var tags: [EntityTag] = []
            var memberStart = trimmed.startIndex
            var inQuotes = false
            var index = trimmed.startIndex
            while index <= trimmed.endIndex {
                if index == trimmed.endIndex || (trimmed[index] == "," && !inQuotes) {
                    if let tag = EntityTag(DirectoryHeaderSyntax.trimmingOWS(trimmed[memberStart..<index])) { tags.append(tag) }
                    if index == trimmed.endIndex { break }
                    memberStart = trimmed.index(after: index)
                } else if trimmed[index] == "\"" {
                    inQuotes.toggle()
                }
                index = trimmed.index(after: index)
            }
            self = .tags(tags)
        }

        /// Whether `current` satisfies the condition, comparing with strong or weak comparison.
        func matches(_ current: EntityTag, strong: Bool) -> Bool {
            switch self {
            case .any: true
            case .tags(let tags):
                tags.contains { strong ? $0.strongMatch(current) : $0.weakMatch(current) }
            }
        }
    }
}
