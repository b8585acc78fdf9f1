import Core

/// One clear line for the operator; the command exits non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension CommandFailure {
    /// A `--locale` option's value, English when absent; anything else is one clear line.
    static func locale(from option: String?) throws(CommandFailure) -> SiteLocale {
        guard let option else { return .en }
        guard let locale = SiteLocale(rawValue: option) else {
            throw CommandFailure("--locale must be one of \(SiteLocale.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return locale
    }
}
