import FluentKit
import Foundation

extension PageRecord {
    /// Whether visitors may read it at `now`: live, and not past an end whose expiry job has not
    /// run yet (that page is as good as unpublished, and linked from nowhere).
    func isReadable(at now: Date) -> Bool {
        live && (expireAt.map { $0 > now } ?? true)
    }
}

extension QueryBuilder where Model == PageRecord {
    /// Only pages visitors may read at `now`, as `PageRecord.isReadable(at:)` decides in memory.
    func readable(at now: Date) -> Self {
        filter(\.$live == true).group(.or) { $0.filter(\.$expireAt == nil).filter(\.$expireAt > now) }
    }
}
