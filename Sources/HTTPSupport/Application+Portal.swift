import Portal
import Vapor

extension Application {
    private struct InquiriesKey: StorageKey { typealias Value = Inquiries }

    /// The inquiry domain, over the accounts, the uploads and the privacy notice shipped with us.
    public var inquiries: Inquiries {
        get {
            guard let inquiries = storage[InquiriesKey.self] else { fatalError("configure(_:configuration:) sets app.inquiries") }
            return inquiries
        }
        set { storage[InquiriesKey.self] = newValue }
    }
}
