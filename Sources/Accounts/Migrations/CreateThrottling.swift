import FluentKit
import SQLKit

/// Rate-limit buckets and the record of failed sign-ins that lockout counts.
public struct CreateThrottling: AsyncMigration {
    public var name: String { "2026-11-24-create-throttling" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema("rate_limits")
            .field("bucket", .string, .identifier(auto: false))
            .field("tokens", .double, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(SignInFailureRecord.schema)
            .id()
            .field("account_key", .string, .required)
            .field("client_ip", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX sign_in_failures_pair ON sign_in_failures (account_key, client_ip, occurred_at)").run()
        try await sql.raw("CREATE INDEX sign_in_failures_ip ON sign_in_failures (client_ip, occurred_at)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(SignInFailureRecord.schema).delete()
        try await database.schema("rate_limits").delete()
    }
}
