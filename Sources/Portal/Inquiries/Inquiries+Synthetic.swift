import Core
import FluentKit
import Foundation
import SQLKit

extension Inquiries {
    /// Inserts `count` made-up inquiries (sealed and indexed as real ones are, spread over
    /// statuses, regions, languages, methods and ages, 37 seconds apart) in batches, then refreshes
    /// the planner's statistics: for the queue's scale test and its benchmark, never production.
    public func insertSynthetic(_ count: Int, regions: [String] = ["SA", "AE", "KW", "IR", "RU", "DE", "EG", "IQ", "QA", "OM"],
                                on database: any Database, now: Date = Date()) async throws {
        let statuses = InquiryStatus.allCases
        let methods = TreatmentMethod.allCases
        let languages = SiteLocale.allCases.map(\.rawValue)
        try await database.writeTransaction { tx in
            for start in stride(from: 0, to: count, by: 500) {
                let insert = tx.insert(into: InquiryRecord.schema).columns(
                    "id", "reference", "status", "is_open", "locale", "language", "region", "age", "is_minor", "method", "whatsapp", "name_sealed",
                    "email_sealed", "email_index", "consent_version", "consent_sha256", "consented_at", "request_hash", "version",
                    "created_at", "updated_at")
                for index in start..<min(start + 500, count) {
                    let id = UUID()
                    let created = now.addingTimeInterval(-Double(index) * 37)
                    let email = "synthetic\(index)-\(id.uuidString.prefix(8).lowercased())@example.com"
                    insert.values(
                        SQLBind(id), SQLBind("HC-S" + String(id.uuidString.replacingOccurrences(of: "-", with: "").prefix(12))),
                        SQLBind(statuses[index % statuses.count].rawValue), SQLBind(QueueFilter.open.contains(statuses[index % statuses.count])), SQLBind("en"), SQLBind(languages[index % languages.count]),
                        SQLBind(regions[index % regions.count]), SQLBind(1 + index % 70), SQLBind(index % 70 < 17),
                        SQLBind(methods[index % methods.count].rawValue), SQLBind(index % 2 == 0),
                        SQLBind(try seal("Patient \(index)", .name, of: id)), SQLBind(try seal(email, .email, of: id)),
                        SQLBind(blindIndex.value(.email, email)), SQLBind(notice.version), SQLBind("synthetic"), SQLBind(created),
                        SQLBind("synthetic"), SQLBind(1), SQLBind(created), SQLBind(created))
                }
                try await insert.run()
            }
        }
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("ANALYZE inquiries").run()
    }
}
