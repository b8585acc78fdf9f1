import Accounts
import Audit
import Core
import FluentKit
import Foundation
import SQLKit

/// What a coordinator asks the triage queue for. Every filter and sort is an index range.
public struct QueueFilter: Sendable, Equatable {
    public var statuses: Set<InquiryStatus> = QueueFilter.open
    public var region: String?
    public var language: String?
    public var method: TreatmentMethod?
    public var minimumAge: Int?
    public var maximumAge: Int?
    public var sort: QueueSort = .longestWaiting

    /// What still needs the clinic.
    public static let open: Set<InquiryStatus> = [.new, .answered, .assigned]

    public init() {}
}

public enum QueueSort: String, Sendable, CaseIterable {
    case longestWaiting = "waiting"
    case newest
    case youngest = "age"
}

extension Inquiries {
    /// One row of the queue: the inquiry and the name it was sent under (opened for the list).
    public struct QueueRow: Sendable {
        public let record: InquiryRecord
        public let name: String
    }

    public struct QueuePage: Sendable {
        public let rows: [QueueRow]
        /// Where the next page starts; nil on the last page.
        public let nextCursor: String?
    }

    /// The inquiries `actor` may triage (their regions' grants), filtered and sorted, a page at a
    /// time with a keyset cursor, so page 200 costs what page 1 does. Audited once per page, with
    /// the inquiries it listed.
    public func queue(_ filter: QueueFilter, after cursor: String? = nil, limit: Int = 50, by actor: AccessActor,
                      origin: AuditOrigin, on database: any Database) async throws -> QueuePage {
        let regions = try await accounts.inquiryRegions(of: actor, on: database)
        if let regions, regions.isEmpty {
            // Refused, and audited as such, by the one policy.
            try await accounts.authorize(actor, .read, .inquiry(region: "", patientID: nil), origin: origin, on: database)
        }
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        let after = cursor.flatMap(Self.cursorID)
        let ids = try await Self.queueQuery(filter, regions: regions, after: after, limit: limit + 1, on: sql).all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        let found = ids.isEmpty ? [] : try await InquiryRecord.query(on: database).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: found.compactMap { record in record.id.map { ($0, record) } })
        let records = ids.compactMap { byID[$0] }
        let shown = Array(records.prefix(limit))
        let rows = try shown.map { record in QueueRow(record: record, name: try open(record.nameSealed, .name, of: record.requireID()) ?? "") }
        try await audit.append(AuditEvent(
            actor: actor.auditActor, action: "inquiry.queue", resource: AuditResource(type: "inquiry", id: nil), origin: origin,
            detail: ["inquiries": .array(shown.compactMap { $0.id.map { .string($0.uuidString.lowercased()) } })]
        ), on: database)
        let next = records.count > limit ? shown.last?.id.map(Self.cursor) : nil
        return QueuePage(rows: rows, nextCursor: next)
    }

    /// The ids of one page of the queue, in order: the query whose plans the 100,000-inquiry test
    /// reads, so every filter and sort must be an index range.
    static func queueQuery(_ filter: QueueFilter, regions: Set<String>?, after last: UUID?, limit: Int,
                           on sql: any SQLDatabase) -> SQLSelectBuilder {
        let select = sql.select().column("id").from(InquiryRecord.schema)
        if filter.statuses == QueueFilter.open {
            select.where("is_open", .equal, SQLBind(true))
        } else {
            select.where("status", .in, SQLBind.group(filter.statuses.map(\.rawValue).sorted()))
        }
        if let regions { select.where("region", .in, SQLBind.group(regions.sorted())) }
        if let region = filter.region { select.where("region", .equal, SQLBind(region)) }
        if let language = filter.language { select.where("language", .equal, SQLBind(language)) }
        if let method = filter.method { select.where("method", .equal, SQLBind(method.rawValue)) }
        if let minimum = filter.minimumAge { select.where("age", .greaterThanOrEqual, SQLBind(minimum)) }
        if let maximum = filter.maximumAge { select.where("age", .lessThanOrEqual, SQLBind(maximum)) }
        if let last {
            // Keyset: strictly after the last row shown, in the sort's order, compared with the
            // key as stored (a date read back and bound again can differ in its last digits).
            let key = filter.sort == .youngest ? "age, created_at, id" : "created_at, id"
            let comparison = filter.sort == .newest ? "<" : ">"
            select.where(SQLQueryString("(\(unsafeRaw: key)) \(unsafeRaw: comparison) (SELECT \(unsafeRaw: key) FROM inquiries WHERE id = \(bind: last))"))
        }
        switch filter.sort {
        case .longestWaiting: select.orderBy("created_at", .ascending).orderBy("id", .ascending)
        case .newest: select.orderBy("created_at", .descending).orderBy("id", .descending)
        case .youngest: select.orderBy("age", .ascending).orderBy("created_at", .ascending).orderBy("id", .ascending)
        }
        return select.limit(limit)
    }

    static func cursor(_ id: UUID) -> String {
        SecureToken.base64URL(Data(id.uuidString.lowercased().utf8))
    }

    static func cursorID(_ cursor: String) -> UUID? {
        guard cursor.utf8.count <= 100, let data = FieldEncryption.decodeBase64URL(Substring(cursor)) else { return nil }
        return UUID(uuidString: String(decoding: data, as: UTF8.self))
    }
}
