import Core
import FluentKit
import SQLKit

/// Emergency access: who opened which patient's record without a grant, until when.
public struct CreateEmergencyAccesses: AsyncMigration {
    public var name: String { "2026-12-02-emergency-accesses" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(EmergencyAccessRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("patient_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("granted_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("CREATE INDEX emergency_accesses_lookup ON emergency_accesses (user_id, patient_id, expires_at)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(EmergencyAccessRecord.schema).delete()
    }
}
