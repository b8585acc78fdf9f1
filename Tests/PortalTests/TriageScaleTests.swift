@testable import Accounts
@testable import App
import Core
import FluentKit
import Foundation
@testable import Portal
import SQLKit
import Testing
import TestSupport
import Vapor

/// The triage queue over 100,000 inquiries: every filter and sort is an index range in both
/// engines' plans, and a page costs the same few statements as on an empty table.
@Suite("Triage at 100,000 inquiries")
struct TriageScaleTests {
    static let count = 100_000
    static let regions = ["SA", "AE", "KW", "IR", "RU", "DE", "EG", "IQ", "QA", "OM"]

    /// Inserts `count` inquiries whose sealed fields really open, in batches, then refreshes the
    /// planner's statistics.
    static func fill(_ app: Application, count: Int = count) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        let inquiries = app.inquiries
        let now = Date()
        let statuses = InquiryStatus.allCases
        let methods = TreatmentMethod.allCases
        let languages = SiteLocale.allCases.map(\.rawValue)
        try await app.db.writeTransaction { tx in
            for start in stride(from: 0, to: count, by: 500) {
                let insert = tx.insert(into: InquiryRecord.schema).columns(
                    "id", "reference", "status", "locale", "language", "region", "age", "is_minor", "method", "whatsapp", "name_sealed",
                    "email_sealed", "email_index", "consent_version", "consent_sha256", "consented_at", "request_hash", "version",
                    "created_at", "updated_at")
                for index in start..<min(start + 500, count) {
                    let id = UUID()
                    let created = now.addingTimeInterval(-Double(index) * 37)
                    insert.values(
                        SQLBind(id), SQLBind(String(format: "HC-T%07d", index)), SQLBind(statuses[index % statuses.count].rawValue), SQLBind("en"),
                        SQLBind(languages[index % languages.count]), SQLBind(regions[index % regions.count]), SQLBind(1 + index % 70),
                        SQLBind(index % 70 < 17), SQLBind(methods[index % methods.count].rawValue), SQLBind(index % 2 == 0),
                        SQLBind(try inquiries.seal("Patient \(index)", .name, of: id)), SQLBind(try inquiries.seal("p\(index)@example.com", .email, of: id)),
                        SQLBind(inquiries.blindIndex.value(.email, "p\(index)@example.com")), SQLBind("test"), SQLBind("test"), SQLBind(created),
                        SQLBind("test"), SQLBind(1), SQLBind(created), SQLBind(created))
                }
                try await insert.run()
            }
        }
        try await sql.raw("ANALYZE inquiries").run()
    }

    static func plan(_ query: SQLSelectBuilder, on sql: any SQLDatabase) async throws -> String {
        if sql.dialect.name == "postgresql" {
            return try await sql.raw("EXPLAIN \(query.query)").all()
                .map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
        }
        return try await sql.raw("EXPLAIN QUERY PLAN \(query.query)").all()
            .map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
    }

    @Test("every filter and sort is an index range, pages after the first too, and a page is a handful of statements",
          arguments: TestDatabase.allCases)
    func plans(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await Self.fill(app)
            let sql = try #require(app.db as? any SQLDatabase)
            var filters: [(String, QueueFilter)] = [("open", QueueFilter())]
            var closed = QueueFilter()
            closed.statuses = [.closed]
            filters.append(("status", closed))
            var region = QueueFilter()
            region.region = "IR"
            filters.append(("country", region))
            var language = QueueFilter()
            language.language = "fa"
            filters.append(("language", language))
            var method = QueueFilter()
            method.method = .ilizarov
            filters.append(("method", method))
            var ages = QueueFilter()
            ages.minimumAge = 12
            ages.maximumAge = 17
            filters.append(("age", ages))
            let last = try #require(try await InquiryRecord.query(on: app.db).sort(\.$createdAt).first()?.id)
            for (name, base) in filters {
                for sort in QueueSort.allCases {
                    var filter = base
                    filter.sort = sort
                    for (regions, after) in [(nil, nil), (Set(["SA", "IR"]), nil), (Set(["SA", "IR"]), last)] as [(Set<String>?, UUID?)] {
                        let plan = try await Self.plan(Inquiries.queueQuery(filter, regions: regions, after: after, limit: 51, on: sql), on: sql)
                        let scans = plan.split(separator: "\n").filter {
                            $0.contains("Seq Scan on inquiries") || ($0.contains("SCAN inquiries") && !$0.contains("USING"))
                        }
                        let context = "\(name), \(sort), regions \(regions.map { $0.sorted() } ?? []), after \(after != nil):\n\(plan)"
                        #expect(scans.isEmpty && (plan.contains("Index") || plan.contains("INDEX")), "\(context)")
                    }
                }
            }

            let (_, coordinator) = try await TriageTests.coordinator(app, regions: ["SA", "IR"])
            let actor = AccessActor.user(id: try coordinator.requireID(), role: .coordinator, secondFactor: true)
            let counting = try CountingDatabase(app.db)
            let page = try await app.inquiries.queue(QueueFilter(), by: actor, origin: .none, on: counting)
            #expect(page.rows.count == 50 && page.nextCursor != nil && page.rows.allSatisfy { $0.name.hasPrefix("Patient ") })
            #expect(counting.count <= 5, "\(counting.count) statements for a page of 50 out of 100,000")
            let next = try await app.inquiries.queue(QueueFilter(), after: page.nextCursor, by: actor, origin: .none, on: app.db)
            #expect(Set(next.rows.compactMap(\.record.id)).isDisjoint(with: Set(page.rows.compactMap(\.record.id))))
            #expect(next.rows.first.map { $0.record.createdAt >= page.rows.last!.record.createdAt } == true)
        }
    }
}
