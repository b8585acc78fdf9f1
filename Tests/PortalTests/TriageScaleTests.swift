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
            try await app.inquiries.insertSynthetic(Self.count, on: app.db)
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
