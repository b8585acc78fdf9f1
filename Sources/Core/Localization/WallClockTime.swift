import Foundation

/// A time as a person reads it on a clock in a zone (`2027-03-28T09:00` in Europe/London), made
/// a moment (UTC) for storing. A time the clocks skip when they go forward does not exist and is
/// refused; a time they pass twice when they go back is the first of the two.
public enum WallClockTime {
    /// The moment `text` (`YYYY-MM-DDTHH:MM`, as an `<input type="datetime-local">` sends it) is
    /// in `zone`, or nil when it is malformed or does not exist there.
    public static func moment(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = CalendarDayParts(String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock.allSatisfy({ $0.count == 2 }), let hour = Int(clock[0]), let minute = Int(clock[1]),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
        guard let date = calendar.date(from: wanted) else { return nil }
        // Foundation moves a skipped time forward: it existed only if it reads back the same.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.year == day.year, back.month == day.month, back.day == day.day, back.hour == hour, back.minute == minute else { return nil }
        // Of a time the clocks pass twice, the earlier.
        let hourEarlier = date.addingTimeInterval(-3600)
        let earlier = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: hourEarlier)
        if earlier.hour == hour && earlier.minute == minute && earlier.day == day.day { return hourEarlier }
        return date
    }

    /// `date` as `YYYY-MM-DDTHH:MM` on the clocks of `zone`, for a form's initial value.
    public static func text(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}

private struct CalendarDayParts {
    let year: Int, month: Int, day: Int

    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }
}
