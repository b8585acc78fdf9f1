import Accounts
import Audit
import Core
import FluentKit
import Foundation

extension Pages {
    /// Where a translation stands against its source.
    public enum TranslationState: Sendable, Equatable {
        /// Not made from another page.
        case original
        case upToDate(sourcePage: UUID)
        /// The source published revision `current` since the translation followed `followed`;
        /// `changes` says which fields and blocks changed between them.
        case outOfDate(sourcePage: UUID, followed: Int, current: Int, changes: RevisionComparison)
    }

    /// A draft translation of `sourcePageID` into `locale`, under `parentID` (nil for a home page):
    /// a copy of the source's live content (its latest when it was never live), which records
    /// the revision it was made from. Snippets become their translations; a snippet not yet
    /// translated is left out, since a page shows only its own language.
    public func translate(_ sourcePageID: UUID, into locale: SiteLocale, under parentID: UUID?, slug: String, by actor: AccessActor,
                          origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> PageRecord {
        _ = try await authorize(actor, .write, .drafts, origin: origin, on: database)
        guard let source = try await PageRecord.find(sourcePageID, on: database),
              let revisionID = source.liveRevisionID ?? source.latestRevisionID,
              let revision = try await PageRevisionRecord.find(revisionID, on: database) else { throw ContentError.notFound }
        guard source.locale != locale else { throw ContentError.translationExists }
        guard try await PageRecord.query(on: database).filter(\.$translationKey == source.translationKey).filter(\.$locale == locale).first() == nil else {
            throw ContentError.translationExists
        }
        var content = revision.content
        let snippetIDs = revision.snippetIDs
        if !snippetIDs.isEmpty {
            let originals = try await SnippetRecord.query(on: database).filter(\.$id ~~ snippetIDs).all()
            let keys = Dictionary(originals.compactMap { snippet in snippet.id.map { ($0, snippet.translationKey) } }, uniquingKeysWith: { first, _ in first })
            let translations = try await SnippetRecord.query(on: database).filter(\.$translationKey ~~ Set(keys.values)).filter(\.$locale == locale).all()
            let byKey = Dictionary(translations.map { ($0.translationKey, $0) }, uniquingKeysWith: { first, _ in first })
            content.blocks = content.blocks.compactMap { block in
                guard let id = block.value["snippet"]?.stringValue.flatMap(UUID.init(uuidString:)) else { return block }
                guard let key = keys[id], let translated = byKey[key]?.id else { return nil }
                var block = block
                block.value["snippet"] = .string(translated.uuidString.lowercased())
                return block
            }
        }
        return try await create(source.type, locale: locale, under: parentID, slug: slug, content: content, translationKey: source.translationKey,
                                sourceRevision: revisionID, by: actor, origin: origin, on: database, now: now)
    }

    /// Whether the translation follows its source's live revision, and if not what changed since.
    public func translationState(of pageID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> TranslationState {
        _ = try await authorize(actor, .read, .drafts, origin: origin, on: database)
        guard let page = try await PageRecord.find(pageID, on: database) else { throw ContentError.notFound }
        guard let latestID = page.latestRevisionID, let latest = try await PageRevisionRecord.find(latestID, on: database),
              let followedID = latest.sourceRevisionID else { return .original }
        guard let followed = try await PageRevisionRecord.find(followedID, on: database),
              let source = try await PageRecord.find(followed.pageID, on: database) else { throw ContentError.noSource }
        let sourceID = try source.requireID()
        guard source.live, let liveID = source.liveRevisionID, let live = try await PageRevisionRecord.find(liveID, on: database),
              live.number > followed.number else { return .upToDate(sourcePage: sourceID) }
        return .outOfDate(sourcePage: sourceID, followed: followed.number, current: live.number,
                          changes: RevisionComparison(from: followed.content, to: live.content))
    }
}
