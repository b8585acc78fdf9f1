import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Media

extension SnippetKind {
    /// Its fields, declared as a page type's are.
    public var fields: [FieldDeclaration] {
        switch self {
        case .testimonial: [
            FieldDeclaration("quote", msgid("What they said"), .paragraph(maxLength: 1_500), required: true),
            FieldDeclaration("name", msgid("Name as published"), .text(maxLength: 120), required: true),
            FieldDeclaration("country", msgid("Country"), .text(maxLength: 80)),
            FieldDeclaration("photo", msgid("Photo"), .asset),
        ]
        case .faq: [
            FieldDeclaration("question", msgid("Question"), .text(maxLength: 300), required: true),
            FieldDeclaration("answer", msgid("Answer"), .richText, required: true),
        ]
        case .teamMember: [
            FieldDeclaration("name", msgid("Name"), .text(maxLength: 120), required: true),
            FieldDeclaration("role", msgid("Role"), .text(maxLength: 160), required: true),
            FieldDeclaration("bio", msgid("About them"), .richText),
            FieldDeclaration("photo", msgid("Photo"), .asset),
        ]
        case .currencyRate: [
            FieldDeclaration("base", msgid("Price currency"), .choice(Currency.codes), required: true),
            FieldDeclaration("currency", msgid("Shown in"), .choice(Currency.display), required: true),
            FieldDeclaration("rate", msgid("One unit of the price currency is worth"), .decimal(maxFractionDigits: 8), required: true),
            FieldDeclaration("date", msgid("Rate of"), .date, required: true),
        ]
        }
    }

    /// The field lists show.
    var labelField: String {
        switch self {
        case .testimonial, .teamMember: "name"
        case .faq: "question"
        case .currencyRate: "currency"
        }
    }
}

extension Pages {
    /// A new snippet, or a new text for an existing one (`id`). Its images are checked as a page's are.
    @discardableResult
    public func saveSnippet(_ id: UUID? = nil, kind: SnippetKind, locale: SiteLocale, fields: [String: JSONValue], translationKey: UUID? = nil,
                            by actor: AccessActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> SnippetRecord {
        _ = try await authorize(actor, .write, .drafts, origin: origin, on: database)
        var validator = FieldValidator()
        let cleaned = validator.record(fields, declared: kind.fields, at: "fields.")
        if kind == .currencyRate, let base = cleaned["base"], base == cleaned["currency"] {
            validator.fail("fields.currency", msgid("Choose a currency other than the price currency."))
        }
        guard validator.errors.isEmpty else { throw ValidationFailure(validator.errors) }
        let references = validator.references
        return try await database.writeTransaction { db in
            try await checkReferences(references, locale: locale, on: db, now: now)
            let snippet: SnippetRecord
            if let id {
                guard let existing = try await SnippetRecord.find(id, on: db), existing.kind == kind, existing.locale == locale else {
                    throw ContentError.notFound
                }
                snippet = existing
            } else {
                snippet = SnippetRecord()
                snippet.id = UUID()
                snippet.kind = kind
                snippet.locale = locale
                snippet.translationKey = translationKey ?? UUID()
            }
            snippet.fields = cleaned
            snippet.label = cleaned[kind.labelField]?.stringValue ?? ""
            snippet.assetIDs = references.compactMap { if case .asset(let asset) = $0.target { asset } else { nil } }
            snippet.updatedAt = now
            try await snippet.save(on: db)
            let snippetID = try snippet.requireID()
            try await MediaUsageRecord.query(on: db).filter(\.$userType == "snippet").filter(\.$userID == snippetID.uuidString.lowercased()).delete()
            for asset in Self.unique(snippet.assetIDs) {
                let usage = MediaUsageRecord()
                usage.assetID = asset
                usage.userType = "snippet"
                usage.userID = snippetID.uuidString.lowercased()
                usage.label = snippet.label
                usage.locale = locale.rawValue
                try await usage.create(on: db)
            }
            try await audit.append(AuditEvent(actor: actor.auditActor, action: id == nil ? "snippet.create" : "snippet.update",
                                              resource: AuditResource(type: "snippet", id: snippetID.uuidString.lowercased()), origin: origin,
                                              detail: ["kind": .string(kind.rawValue)]), on: db, at: now)
            return snippet
        }
    }
}
