#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// HTTP dates (RFC 9110 §5.6.7): formats epoch seconds as IMF-fixdate and parses all three
/// forms a recipient must accept. Pure arithmetic on the proleptic Gregorian calendar in UTC;
/// no `DateFormatter`, no locale, no allocation beyond the result string.
public enum HTTPDate {
    private static let dayNames: [[UInt8]] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].map { Array($0.utf8) }
    private static let longDayNames: [[UInt8]] =
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"].map { Array($0.utf8) }
    private static let monthNames: [[UInt8]] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    /// Formats seconds since the Unix epoch as an IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    /// Years outside 0...9999 are printed with as many digits as they need.
    public static func format(_ epochSeconds: Int64) -> String {
        let days = floorDiv(epochSeconds, 86_400)
        let secondOfDay = epochSeconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let weekday = Int(floorMod(days + 4, 7))  // 1970-01-01 was a Thursday.
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out += dayNames[weekday]
        out += [UInt8(ascii: ","), UInt8(ascii: " ")]
        appendDigits(&out, Int64(day), width: 2)
        out.append(UInt8(ascii: " "))
        out += monthNames[month - 1]
        out.append(UInt8(ascii: " "))
        if year < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(&out, abs(year), width: 4)
        out.append(UInt8(ascii: " "))
        appendDigits(&out, secondOfDay / 3600, width: 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, secondOfDay / 60 % 60, width: 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, secondOfDay % 60, width: 2)
        out += [UInt8(ascii: " "), UInt8(ascii: "G"), UInt8(ascii: "M"), UInt8(ascii: "T")]
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses an HTTP date in IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), obsolete RFC 850
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime (`Sun Nov  6 08:49:37 1994`) form into seconds
    /// since the Unix epoch; nil if the text is none of them or names an impossible date.
    ///
    /// Names are matched case-sensitively, as the grammar requires; surrounding whitespace is ignored.
    /// A two-digit RFC 850 year is placed within 50 years of `now` (default: the current time), as
    /// RFC 9110 requires.
    public static func parse(_ text: some StringProtocol, now: Int64? = nil) -> Int64? {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        var cursor = DateCursor(bytes: bytes)
        if bytes.count > 3, bytes[bytes.startIndex + 3] == UInt8(ascii: ",") {
            return parseIMFFixdate(&cursor)
        }
        if bytes.count > 3, bytes[bytes.startIndex + 3] == UInt8(ascii: " ") {
            return parseAsctime(&cursor)
        }
        return parseRFC850(&cursor, now: now)
    }

    private static func parseIMFFixdate(_ c: inout DateCursor) -> Int64? {
        guard c.index(of: dayNames) != nil, c.expect(","), c.expect(" "),
            let day = c.number(digits: 2), c.expect(" "),
            let month = c.index(of: monthNames), c.expect(" "),
            let year = c.number(digits: 4), c.expect(" "),
            let secondOfDay = c.time(), c.expect(" "), c.expect("GMT"), c.atEnd
        else { return nil }
        return epoch(year: year, month: month + 1, day: day, time: secondOfDay)
    }

    private static func parseRFC850(_ c: inout DateCursor, now: Int64?) -> Int64? {
        guard c.index(of: longDayNames) != nil, c.expect(","), c.expect(" "),
            let day = c.number(digits: 2), c.expect("-"),
            let month = c.index(of: monthNames), c.expect("-"),
            let shortYear = c.number(digits: 2), c.expect(" "),
            let secondOfDay = c.time(), c.expect(" "), c.expect("GMT"), c.atEnd
        else { return nil }
        let reference = now ?? Int64(time_t(time(nil)))
        let currentYear = civil(fromDays: floorDiv(reference, 86_400)).year
        var year = currentYear - floorMod(currentYear, 100) + shortYear
        if year > currentYear + 50 { year -= 100 } else if year < currentYear - 50 { year += 100 }
        return epoch(year: year, month: month + 1, day: day, time: secondOfDay)
    }

    private static func parseAsctime(_ c: inout DateCursor) -> Int64? {
        guard c.index(of: dayNames) != nil, c.expect(" "),
            let month = c.index(of: monthNames), c.expect(" ")
        else { return nil }
        let day: Int64
        if c.expect(" ") {
            guard let d = c.number(digits: 1) else { return nil }
            day = d
        } else {
            guard let d = c.number(digits: 2) else { return nil }
            day = d
        }
        guard c.expect(" "), let secondOfDay = c.time(), c.expect(" "),
            let year = c.number(digits: 4), c.atEnd
        else { return nil }
        return epoch(year: year, month: month + 1, day: day, time: secondOfDay)
    }

    private static func epoch(year: Int64, month: Int, day: Int64, time: Int64) -> Int64? {
        guard day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return days(fromCivil: year, month: Int64(month), day: day) * 86_400 + time
    }

    private static func daysInMonth(year: Int64, month: Int) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a civil date (Howard Hinnant's `days_from_civil`).
    static func days(fromCivil year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays dayCount: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = dayCount + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, Int(month), Int(day))
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        a - floorDiv(a, b) * b
    }

    private static func appendDigits(_ out: inout [UInt8], _ value: Int64, width: Int) {
        var divisor: Int64 = 1
        var digitCount = 1
        while divisor <= value / 10 {
            divisor *= 10
            digitCount += 1
        }
        for _ in digitCount..<max(width, digitCount) { out.append(UInt8(ascii: "0")) }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}

/// A forward-only reader over the bytes of a date.
private struct DateCursor {
    var bytes: ArraySlice<UInt8>

    var atEnd: Bool { bytes.isEmpty }

    /// Consumes `literal` if the input starts with it.
    mutating func expect(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let matches = literal.withUTF8Buffer { bytes.prefix(count).elementsEqual($0) }
        if matches { bytes.removeFirst(count) }
        return matches
    }

    /// Consumes the first name in `names` that the input starts with and returns its index.
    mutating func index(of names: [[UInt8]]) -> Int? {
        for (i, name) in names.enumerated() where bytes.starts(with: name) {
            bytes.removeFirst(name.count)
            return i
        }
        return nil
    }

    /// Consumes exactly `digits` ASCII digits.
    mutating func number(digits: Int) -> Int64? {
        guard bytes.count >= digits else { return nil }
        var value: Int64 = 0
        for byte in bytes.prefix(digits) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        bytes.removeFirst(digits)
        return value
    }

    /// Consumes `HH:MM:SS` and returns the second of the day (a leap second 60 is accepted).
    mutating func time() -> Int64? {
        guard let h = number(digits: 2), expect(":"), let m = number(digits: 2), expect(":"),
            let s = number(digits: 2), h < 24, m < 60, s <= 60
        else { return nil }
        return h * 3600 + m * 60 + s
    }
}
