import Core
import Foundation
import Testing

@Suite("Wall-clock times: what an editor types, in their zone, made a moment")
struct WallClockTimeTests {
    static func zone(_ name: String) throws -> TimeZone { try #require(TimeZone(identifier: name)) }

    @Test("09:00 in Istanbul is 06:00 UTC; in Tehran 05:30; in Riyadh 06:00; and reads back the same")
    func zones() throws {
        let istanbul = try #require(WallClockTime.moment("2027-01-05T09:00", in: try Self.zone("Europe/Istanbul")))
        #expect(istanbul == Date(timeIntervalSince1970: 1_799_128_800))
        let tehran = try #require(WallClockTime.moment("2027-01-05T09:00", in: try Self.zone("Asia/Tehran")))
        #expect(tehran.timeIntervalSince(istanbul) == -30 * 60)
        #expect(WallClockTime.moment("2027-01-05T09:00", in: try Self.zone("Asia/Riyadh")) == istanbul)
        #expect(WallClockTime.text(tehran, in: try Self.zone("Asia/Tehran")) == "2027-01-05T09:00")
    }

    @Test("a time the clocks skip is refused; of a time they pass twice, the first; nonsense is refused")
    func transitions() throws {
        let london = try Self.zone("Europe/London")
        // 28 March 2027: clocks go from 01:00 to 02:00.
        #expect(WallClockTime.moment("2027-03-28T01:30", in: london) == nil)
        // 31 October 2027: 01:30 happens twice, first in summer time (00:30 UTC).
        let twice = try #require(WallClockTime.moment("2027-10-31T01:30", in: london))
        #expect(WallClockTime.text(twice, in: try Self.zone("UTC")) == "2027-10-31T00:30")
        for bad in ["2027-02-30T09:00", "2027-01-05 09:00", "2027-01-05T25:00", "2027-01-05T9:00", "tomorrow"] {
            #expect(WallClockTime.moment(bad, in: london) == nil, "\(bad)")
        }
    }
}
