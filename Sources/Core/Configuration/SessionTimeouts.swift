import Foundation

/// How long a signed-in session lasts: it ends after `idle` without use, and after `absolute`
/// however busy it is. Staff reach other people's health data, so theirs are shorter.
public struct SessionTimeouts: Sendable, Equatable {
    public var patientIdle: TimeInterval
    public var patientAbsolute: TimeInterval
    public var staffIdle: TimeInterval
    public var staffAbsolute: TimeInterval

    public init(patientIdle: TimeInterval = 30 * 60, patientAbsolute: TimeInterval = 12 * 3600,
                staffIdle: TimeInterval = 15 * 60, staffAbsolute: TimeInterval = 10 * 3600) {
        self.patientIdle = patientIdle
        self.patientAbsolute = patientAbsolute
        self.staffIdle = staffIdle
        self.staffAbsolute = staffAbsolute
    }

    public func idle(staff: Bool) -> TimeInterval { staff ? staffIdle : patientIdle }
    public func absolute(staff: Bool) -> TimeInterval { staff ? staffAbsolute : patientAbsolute }

    /// Reads the four `HC_*SESSION_*` variables; each must be a whole number in range, and no idle
    /// timeout may exceed its absolute one.
    static func load(_ value: (String) -> String?) throws(ConfigurationError) -> SessionTimeouts {
        var timeouts = SessionTimeouts()
        func minutes(_ name: String, _ range: ClosedRange<Int>, unit: TimeInterval) throws(ConfigurationError) -> TimeInterval? {
            guard let raw = value(name) else { return nil }
            guard let parsed = Int(raw), range.contains(parsed) else {
                throw ConfigurationError(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(raw)'")
            }
            return TimeInterval(parsed) * unit
        }
        if let v = try minutes("HC_SESSION_IDLE_MINUTES", 1...1440, unit: 60) { timeouts.patientIdle = v }
        if let v = try minutes("HC_SESSION_ABSOLUTE_HOURS", 1...720, unit: 3600) { timeouts.patientAbsolute = v }
        if let v = try minutes("HC_STAFF_SESSION_IDLE_MINUTES", 1...1440, unit: 60) { timeouts.staffIdle = v }
        if let v = try minutes("HC_STAFF_SESSION_ABSOLUTE_HOURS", 1...720, unit: 3600) { timeouts.staffAbsolute = v }
        if timeouts.patientIdle > timeouts.patientAbsolute {
            throw ConfigurationError("HC_SESSION_IDLE_MINUTES", "must not be longer than HC_SESSION_ABSOLUTE_HOURS")
        }
        if timeouts.staffIdle > timeouts.staffAbsolute {
            throw ConfigurationError("HC_STAFF_SESSION_IDLE_MINUTES", "must not be longer than HC_STAFF_SESSION_ABSOLUTE_HOURS")
        }
        return timeouts
    }
}
