import Foundation
import Testing

@testable import EdgeOrigin

@Suite struct HTTPDateTests {
    static let rfcExample: Int64 = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
    static let year2026: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(Self.rfcExample) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(951_825_600) == "Tue, 29 Feb 2000 12:00:00 GMT")
        #expect(HTTPDate.format(4_107_542_400) == "Mon, 01 Mar 2100 00:00:00 GMT")
        #expect(HTTPDate.format(-1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    @Test func agreesWithFoundationAcrossTheCalendar() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        // Every ~3.7 days from 1900 to 2200, at varying times of day.
        var seconds: Int64 = -2_208_988_800
        while seconds < 7_258_118_400 {
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(HTTPDate.format(seconds) == expected)
            #expect(HTTPDate.parse(expected) == seconds)
            seconds += 320_417
        }
    }

    @Test func parsesAllThreeForms() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Self.rfcExample)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: Self.year2026) == Self.rfcExample)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == Self.rfcExample)
        #expect(HTTPDate.parse("Sun Nov 06 08:49:37 1994") == Self.rfcExample)
        #expect(HTTPDate.parse("  Sun, 06 Nov 1994 08:49:37 GMT\t") == Self.rfcExample)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == Self.rfcExample)  // default clock
    }

    @Test func rfc850YearsStayWithinFiftyYearsOfNow() {
        #expect(HTTPDate.parse("Tuesday, 01-Jan-30 00:00:00 GMT", now: Self.year2026) == 1_893_456_000)
        // 2070 is 44 years ahead of 2026: kept. 2080 would be 54 ahead: the previous century.
        #expect(HTTPDate.parse("Wednesday, 01-Jan-70 00:00:00 GMT", now: Self.year2026) == 3_155_760_000)
        #expect(HTTPDate.parse("Tuesday, 01-Jan-80 00:00:00 GMT", now: Self.year2026) == 315_532_800)
        #expect(HTTPDate.parse("Monday, 01-Mar-00 00:00:00 GMT", now: 4_107_542_400) == 4_107_542_400)
    }

    @Test(arguments: [
        "", "garbage", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 GMT x",
        "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 29 Feb 1900 00:00:00 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov  6 08:49:37 1994 GMT", "Sun Nov 6 08:49:37 1994",
        "1994-11-06T08:49:37Z", "784111777",
    ])
    func rejectsInvalidDates(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}
