import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), evaluated in UTC.
///
/// Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, and lists `a,b`. Day of week
/// is 0–7 with both 0 and 7 for Sunday. As in classic cron, when both day fields are restricted a
/// day matches if either does.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool
    public let description: String

    public init(_ expression: String) throws(CronError) {
        let fields = expression.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else { throw CronError(expression: expression, reason: "needs five fields") }
        minutes = try Self.parse(fields[0], 0...59, expression)
        hours = try Self.parse(fields[1], 0...23, expression)
        daysOfMonth = try Self.parse(fields[2], 1...31, expression)
        months = try Self.parse(fields[3], 1...12, expression)
        daysOfWeek = Set(try Self.parse(fields[4], 0...7, expression).map { $0 % 7 })
        dayOfMonthRestricted = fields[2] != "*"
        dayOfWeekRestricted = fields[4] != "*"
        description = fields.joined(separator: " ")
    }

    /// Whether the minute starting at `date` is a slot of this schedule.
    public func matches(_ date: Date) -> Bool {
        let c = Self.calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        guard let minute = c.minute, let hour = c.hour, let day = c.day, let month = c.month, let weekday = c.weekday else {
            return false
        }
        guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
        let dayOfMonth = daysOfMonth.contains(day)
        let dayOfWeek = daysOfWeek.contains(weekday - 1)
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return dayOfMonth || dayOfWeek
        case (true, false): return dayOfMonth
        case (false, true): return dayOfWeek
        case (false, false): return true
        }
    }

    /// The latest slot at or before `date`, looking back at most `lookback`; nil if none.
    public func latestSlot(atOrBefore date: Date, lookback: TimeInterval = 8 * 86_400) -> Date? {
        var minute = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let earliest = date.addingTimeInterval(-lookback)
        while minute >= earliest {
            if matches(minute) { return minute }
            minute = minute.addingTimeInterval(-60)
        }
        return nil
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static func parse(_ field: String, _ bounds: ClosedRange<Int>, _ expression: String) throws(CronError) -> Set<Int> {
        var values = Set<Int>()
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw CronError(expression: expression, reason: "'\(part)' has two steps") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw CronError(expression: expression, reason: "bad step in '\(part)'") }
                step = parsed
            }
            let range: ClosedRange<Int>
            if pieces[0] == "*" {
                range = bounds
            } else if let dash = pieces[0].firstIndex(of: "-") {
                guard let low = Int(pieces[0][..<dash]), let high = Int(pieces[0][pieces[0].index(after: dash)...]), low <= high else {
                    throw CronError(expression: expression, reason: "bad range '\(pieces[0])'")
                }
                range = low...high
            } else {
                guard let single = Int(pieces[0]) else { throw CronError(expression: expression, reason: "'\(part)' is not a number") }
                range = single...(pieces.count == 2 ? bounds.upperBound : single)
            }
            guard bounds.contains(range.lowerBound), bounds.contains(range.upperBound) else {
                throw CronError(expression: expression, reason: "'\(part)' is outside \(bounds.lowerBound)-\(bounds.upperBound)")
            }
            values.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
        }
        return values
    }
}

/// A cron expression that does not parse.
public struct CronError: Error, Sendable, CustomStringConvertible {
    public let expression: String
    public let reason: String
    public var description: String { "cron expression '\(expression)': \(reason)" }
}
