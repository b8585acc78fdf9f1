import Core

/// A day of the week as a contact page stores it.
public enum Weekday: String, CaseIterable, Sendable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Its name in schema.org's DayOfWeek.
    public var schemaName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// Its number in Foundation's Gregorian calendar (Sunday is 1).
    public var calendarWeekday: Int { self == .sunday ? 1 : (Weekday.allCases.firstIndex(of: self)! + 2) }
}

/// When the clinic is open: a run of days, each from `opens` to `closes` (`HH:MM`, the clinic's time).
public struct OpeningHours: Sendable, Equatable {
    public let days: [Weekday]
    public let opens: String
    public let closes: String

    /// The contact page's `opening_hours` field: rows the validator has already checked.
    public static func parse(_ value: JSONValue?) -> [OpeningHours] {
        (value?.arrayValue ?? []).compactMap { row in
            guard let fields = row.objectValue, let from = fields["from_day"]?.stringValue.flatMap(Weekday.init(rawValue:)),
                  let opens = fields["opens"]?.stringValue, let closes = fields["closes"]?.stringValue else { return nil }
            let to = fields["to_day"]?.stringValue.flatMap(Weekday.init(rawValue:)) ?? from
            let all = Weekday.allCases
            let start = all.firstIndex(of: from)!, end = all.firstIndex(of: to)!
            // A run may wrap the week's end: Saturday to Monday.
            let days = start <= end ? Array(all[start...end]) : Array(all[start...] + all[...end])
            return OpeningHours(days: days, opens: opens, closes: closes)
        }
    }
}
