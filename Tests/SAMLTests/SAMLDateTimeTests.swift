import Foundation
import SAML
import Testing

@Suite struct SAMLDateTimeTests {
    @Test(
        "xs:dateTime forms IdPs send",
        arguments: [
            ("2016-01-05T17:53:11Z", 1_452_016_391.0), ("2015-12-01T01:56:21.375Z", 1_448_934_981.375),
            ("2017-09-21T23:32:06.8281234Z", 1_506_036_726.8281234), ("2016-01-05T18:53:11+01:00", 1_452_016_391.0),
            ("2016-01-05T17:53:11", 1_452_016_391.0), ("2000-02-29T00:00:00Z", 951_782_400.0), ("1969-12-31T23:59:59Z", -1.0),
        ])
    func parse(_ text: String, _ seconds: Double) throws {
        let date = try #require(SAMLDateTime.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(
        "Malformed values are refused",
        arguments: [
            "", "2016-01-05", "2016-1-05T17:53:11Z", "2016-13-05T17:53:11Z", "2019-02-29T00:00:00Z", "2016-01-05T24:00:00Z",
            "2016-01-05T17:53:11.Z", "2016-01-05T17:53:11ZZ", "2016-01-05 17:53:11Z", "tomorrow", "2016-01-05T17:53:11+1:00",
        ])
    func malformed(_ text: String) {
        #expect(SAMLDateTime.parse(text) == nil)
    }

    @Test("Formatting round-trips")
    func format() {
        #expect(SAMLDateTime.format(Date(timeIntervalSince1970: 1_452_016_391)) == "2016-01-05T17:53:11Z")
        #expect(SAMLDateTime.format(Date(timeIntervalSince1970: 1_448_934_981.375)) == "2015-12-01T01:56:21.375Z")
        let now = Date(timeIntervalSince1970: 1_893_456_000.25)
        #expect(SAMLDateTime.parse(SAMLDateTime.format(now)) == now)
    }
}
