import Core
import FluentKit
import SQLKit

/// The inquiries table. Every column the triage queue filters or sorts by leads an index with
/// the time it waits since, so each filter and each sort is an index range; the blind indexes
/// find duplicates; the idempotency key is unique, which is what stores a submission once.
public struct CreateInquiries: AsyncMigration {
    public var name: String { "2026-12-03-create-inquiries" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(InquiryRecord.schema)
            .id()
            .field("reference", .string, .required)
            .field("status", .string, .required)
            .field("is_open", .bool, .required)
            .field("locale", .string, .required)
            .field("language", .string, .required)
            .field("region", .string, .required)
            .field("age", .int, .required)
            .field("is_minor", .bool, .required)
            .field("guardian_relationship", .string)
            .field("method", .string, .required)
            .field("whatsapp", .bool, .required)
            .field("time_zone", .string)
            .field("name_sealed", .string, .required)
            .field("email_sealed", .string, .required)
            .field("phone_sealed", .string)
            .field("guardian_name_sealed", .string)
            .field("height_goal_sealed", .string)
            .field("message_sealed", .string)
            .field("email_index", .string, .required)
            .field("phone_index", .string)
            .field("consent_version", .string, .required)
            .field("consent_sha256", .string, .required)
            .field("consented_at", .datetime, .required)
            .field("idempotency_key", .string)
            .field("request_hash", .string, .required)
            .field("form_key", .string)
            .field("patient_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("surgeon_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("claim_token_hash", .string)
            .field("claim_expires_at", .datetime)
            .field("version", .int, .required)
            .field("last_action", .string)
            .field("last_actor_id", .uuid)
            .field("last_action_at", .datetime)
            .field("answered_at", .datetime)
            .field("duplicate_of", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "reference")
            .unique(on: "idempotency_key")
            .create()
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        for (name, columns) in [
            ("inquiries_status", "status, created_at"), ("inquiries_open", "is_open, created_at, id"),
            ("inquiries_open_age", "is_open, age, created_at, id"), ("inquiries_region", "region, created_at"),
            ("inquiries_language", "language, created_at"), ("inquiries_method", "method, created_at"),
            ("inquiries_age", "age, created_at, id"), ("inquiries_created", "created_at, id"),
            ("inquiries_email_index", "email_index"), ("inquiries_phone_index", "phone_index"),
            ("inquiries_patient", "patient_id, created_at"), ("inquiries_surgeon", "surgeon_id, created_at"),
            ("inquiries_claim", "claim_token_hash"),
        ] {
            try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON inquiries (\(unsafeRaw: columns))").run()
        }
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(InquiryRecord.schema).delete()
    }
}
