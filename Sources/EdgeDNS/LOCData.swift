/// The data of a LOC record (RFC 1876), version 0, with the fields as on the wire.
///
/// Presentation form: `d1 [m1 [s1]] N|S d2 [m2 [s2]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]`, e.g.
/// `42 21 54 N 71 06 18 W -24m 30m`; size defaults to 1m, horizontal precision to 10000m, vertical
/// precision to 10m. Sizes are kept as one significant digit (truncated, as BIND does): `25m` is `20m`.
public struct LOCData: Hashable, Sendable, RDataFields {
    /// Diameter of the enclosing sphere: high nibble mantissa, low nibble power of ten, in centimetres.
    public var size: UInt8
    /// Horizontal precision, encoded as `size`.
    public var horizontalPrecision: UInt8
    /// Vertical precision, encoded as `size`.
    public var verticalPrecision: UInt8
    /// Thousandths of an arc second north of the equator, plus 2^31 (south is below 2^31).
    public var latitude: UInt32
    /// Thousandths of an arc second east of the prime meridian, plus 2^31 (west is below 2^31).
    public var longitude: UInt32
    /// Centimetres above a base 100,000 m below the WGS 84 reference spheroid.
    public var altitude: UInt32

    /// Creates LOC data from wire-form fields.
    public init(
        size: UInt8, horizontalPrecision: UInt8, verticalPrecision: UInt8, latitude: UInt32, longitude: UInt32,
        altitude: UInt32
    ) {
        self.size = size
        self.horizontalPrecision = horizontalPrecision
        self.verticalPrecision = verticalPrecision
        self.latitude = latitude
        self.longitude = longitude
        self.altitude = altitude
    }

    static let equator: UInt32 = 1 << 31
    /// 90° in thousandths of an arc second.
    static let maximumLatitude: UInt32 = 90 * 3_600_000
    /// 180° in thousandths of an arc second.
    static let maximumLongitude: UInt32 = 180 * 3_600_000
    /// The altitude base, 100,000 m, in centimetres.
    static let altitudeBase: Int64 = 10_000_000
    static let powersOfTen: [UInt64] = (0...9).map { exponent in (0..<exponent).reduce(1) { acc, _ in acc * 10 } }

    /// The one-digit encoding of a size in centimetres (at most 90,000,000 m), truncating.
    public static func precision(centimetres: UInt64) -> UInt8 {
        var exponent = 0
        while exponent < 9 && centimetres >= powersOfTen[exponent + 1] { exponent += 1 }
        let mantissa = min(centimetres / powersOfTen[exponent], 9)
        return UInt8(mantissa) << 4 | UInt8(exponent)
    }

    /// The centimetres an encoded size stands for.
    public static func centimetres(ofPrecision value: UInt8) -> UInt64 {
        UInt64(value >> 4) * powersOfTen[Int(min(value & 0x0F, 9))]
    }

    init(parsing cursor: inout TokenCursor, origin: DNSName?) throws(DNSTextError) {
        latitude = try Self.coordinate(&cursor, what: "latitude", positive: "N", negative: "S", maximumDegrees: 90)
        longitude = try Self.coordinate(
            &cursor, what: "longitude", positive: "E", negative: "W", maximumDegrees: 180)
        let altitude = try Self.metres(cursor.next("altitude").raw, what: "altitude", signed: true)
        guard altitude >= -Self.altitudeBase, altitude <= Int64(UInt32.max) - Self.altitudeBase else {
            throw DNSTextError(.badNumber, "altitude out of range (-100000m to 42849672.95m)")
        }
        self.altitude = UInt32(altitude + Self.altitudeBase)
        var precisions: [UInt8] = []
        for what in ["size", "horizontal precision", "vertical precision"] where !cursor.isAtEnd {
            let centimetres = try Self.metres(cursor.next(what).raw, what: what, signed: false)
            guard centimetres <= 9_000_000_000 else {
                throw DNSTextError(.badNumber, "\(what) above 90000000m")
            }
            precisions.append(Self.precision(centimetres: UInt64(centimetres)))
        }
        let defaults: [UInt8] = [0x12, 0x16, 0x13]
        size = precisions.count > 0 ? precisions[0] : defaults[0]
        horizontalPrecision = precisions.count > 1 ? precisions[1] : defaults[1]
        verticalPrecision = precisions.count > 2 ? precisions[2] : defaults[2]
    }

    /// `degrees [minutes [seconds]] hemisphere`, as the wire value.
    private static func coordinate(
        _ cursor: inout TokenCursor, what: String, positive: String, negative: String, maximumDegrees: UInt64
    ) throws(DNSTextError) -> UInt32 {
        let degrees = try cursor.number("\(what) degrees", max: maximumDegrees)
        var minutes: UInt64 = 0
        var thousandths: UInt64 = 0
        var token = try cursor.next("\(what) hemisphere")
        if !token.quoted, let first = token.raw.first, PresentationText.isDigit(first) {
            minutes = try PresentationText.number(token.raw, max: 59, what: "\(what) minutes")
            token = try cursor.next("\(what) hemisphere")
            if !token.quoted, let first = token.raw.first, PresentationText.isDigit(first) {
                let seconds = try fixedPoint(token.raw, fractionDigits: 3, what: "\(what) seconds")
                guard seconds < 60_000 else { throw DNSTextError(.badNumber, "\(what) seconds above 59.999") }
                thousandths = UInt64(seconds)
                token = try cursor.next("\(what) hemisphere")
            }
        }
        let value = (degrees * 3600 + minutes * 60) * 1000 + thousandths
        guard value <= maximumDegrees * 3_600_000 else {
            throw DNSTextError(.badNumber, "\(what) above \(maximumDegrees) degrees")
        }
        switch token.text {
        case positive where !token.quoted: return equator + UInt32(value)
        case negative where !token.quoted: return equator - UInt32(value)
        default:
            throw DNSTextError(.badRData, "\(what) hemisphere must be \(positive) or \(negative), not '\(token.text)'")
        }
    }

    /// `[-]digits[.d[d]][m]` as centimetres.
    private static func metres(_ raw: [UInt8], what: String, signed: Bool) throws(DNSTextError) -> Int64 {
        var text = raw[...]
        var negative = false
        if signed, text.first == UInt8(ascii: "-") {
            negative = true
            text = text.dropFirst()
        }
        if text.last == UInt8(ascii: "m") || text.last == UInt8(ascii: "M") { text = text.dropLast() }
        let value = try fixedPoint(Array(text), fractionDigits: 2, what: what)
        return negative ? -value : value
    }

    /// Digits with at most `fractionDigits` decimals, scaled by 10^`fractionDigits`.
    private static func fixedPoint(_ raw: [UInt8], fractionDigits: Int, what: String) throws(DNSTextError) -> Int64 {
        let shown = String(decoding: raw, as: UTF8.self)
        let parts = raw.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy(PresentationText.isDigit),
            parts.count == 1
                || (!parts[1].isEmpty && parts[1].count <= fractionDigits
                    && parts[1].allSatisfy(PresentationText.isDigit))
        else {
            throw DNSTextError(.badNumber, "\(what) '\(shown)' is not a number with at most \(fractionDigits) decimals")
        }
        var value = whole.reduce(Int64(0)) { $0 * 10 + Int64($1 - 48) }
        let fraction = parts.count == 2 ? Array(parts[1]) : []
        for index in 0..<fractionDigits {
            value = value * 10 + (index < fraction.count ? Int64(fraction[index] - 48) : 0)
        }
        return value
    }

    init(decoding reader: inout WireReader, bad: (String) -> DNSWireError) throws(DNSWireError) {
        let version = try reader.u8()
        guard version == 0 else { throw bad("LOC version \(version) is not supported") }
        self.init(
            size: try reader.u8(), horizontalPrecision: try reader.u8(), verticalPrecision: try reader.u8(),
            latitude: try reader.u32(), longitude: try reader.u32(), altitude: try reader.u32())
        for value in [size, horizontalPrecision, verticalPrecision]
        where value >> 4 > 9 || value & 0x0F > 9 || (value >> 4 == 0 && value != 0) {
            throw bad("bad size or precision byte \(value)")
        }
        guard latitude.magnitude(from: Self.equator) <= Self.maximumLatitude else { throw bad("latitude out of range") }
        guard longitude.magnitude(from: Self.equator) <= Self.maximumLongitude else {
            throw bad("longitude out of range")
        }
    }

    func encode(into writer: inout WireWriter) {
        writer.u8(0)
        writer.u8(size)
        writer.u8(horizontalPrecision)
        writer.u8(verticalPrecision)
        writer.u32(latitude)
        writer.u32(longitude)
        writer.u32(altitude)
    }

    var presentation: String {
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : String(value) }
        func angle(_ value: UInt32, _ positive: String, _ negative: String) -> String {
            let offset = value.magnitude(from: Self.equator)
            let seconds = offset / 1000 % 60
            let fraction = String(offset % 1000 + 1000).dropFirst()
            return "\(offset / 3_600_000) \(offset / 60000 % 60) \(seconds).\(fraction) "
                + (value >= Self.equator ? positive : negative)
        }
        func metres(_ centimetres: UInt64) -> String {
            centimetres >= 100 && centimetres % 100 == 0 ? "\(centimetres / 100)m" : "0.\(two(Int64(centimetres)))m"
        }
        let altitude = Int64(self.altitude) - Self.altitudeBase
        let sign = altitude < 0 ? "-" : ""
        return [
            angle(latitude, "N", "S"), angle(longitude, "E", "W"),
            "\(sign)\(altitude.magnitude / 100).\(two(Int64(altitude.magnitude % 100)))m",
            metres(Self.centimetres(ofPrecision: size)), metres(Self.centimetres(ofPrecision: horizontalPrecision)),
            metres(Self.centimetres(ofPrecision: verticalPrecision)),
        ].joined(separator: " ")
    }
}

extension UInt32 {
    /// The distance between two values.
    fileprivate func magnitude(from other: UInt32) -> UInt32 { self >= other ? self - other : other - self }
}
