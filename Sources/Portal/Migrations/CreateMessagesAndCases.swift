import Core
import FluentKit
import SQLKit

/// The threads' messages and the patients' cases.
public struct CreateMessagesAndCases: AsyncMigration {
    public var name: String { "2026-12-03-create-messages-and-cases" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(MessageRecord.schema)
            .id()
            .field("thread_type", .string, .required)
            .field("thread_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("author_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("body_sealed", .string, .required)
            .field("language", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(CaseRecord.schema)
            .id()
            .field("reference", .string, .required)
            .field("patient_id", .uuid, .required, .references("users", "id"))
            .field("inquiry_id", .uuid, .references("inquiries", "id", onDelete: .setNull))
            .field("surgeon_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("surgeon_grant_id", .uuid)
            .field("region", .string, .required)
            .field("method", .string, .required)
            .field("status", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "reference")
            .unique(on: "inquiry_id")
            .create()
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("CREATE INDEX messages_thread ON messages (thread_type, thread_id, created_at)").run()
        try await sql.raw("CREATE INDEX cases_patient ON cases (patient_id, created_at)").run()
        try await sql.raw("CREATE INDEX cases_surgeon ON cases (surgeon_id, created_at)").run()
        try await sql.raw("CREATE INDEX cases_region ON cases (region, created_at)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(CaseRecord.schema).delete()
        try await database.schema(MessageRecord.schema).delete()
    }
}
