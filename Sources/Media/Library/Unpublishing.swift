import Audit
import Core
import FluentKit
import Foundation
import Jobs
import SQLKit

extension MediaLibrary {
    /// Marks every live public rendition of `assets` withdrawn and queues their bytes' deletion.
    /// Returns how many it withdrew.
    @discardableResult
    func withdrawRenditions(of assets: [UUID], where include: (MediaRenditionRecord) -> Bool = { _ in true }, on db: any Database,
                            now: Date) async throws -> Int {
        guard !assets.isEmpty else { return 0 }
        let live = try await MediaRenditionRecord.query(on: db).filter(\.$assetID ~~ assets).filter(\.$withdrawnAt == nil).all().filter(include)
        guard !live.isEmpty else { return 0 }
        try await MediaRenditionRecord.query(on: db).filter(\.$id ~~ live.map { $0.id! }).set(\.$withdrawnAt, to: now).update()
        for rendition in live {
            try await JobQueue.enqueue(try Uploads.deleteObjectJob(rendition.storageKey), on: db, now: now)
        }
        return live.count
    }

    /// After a consent changed: every asset it covers is checked again. What it no longer allows
    /// is withdrawn (and audited); renditions whose covering must change are made again. The
    /// pages and the CDN are told in every run, so a run cut short after committing is repaired
    /// by the next.
    public func consentChanged(_ consentID: UUID, since: Date, on database: any Database, now: Date = Date()) async throws {
        let assets = try await MediaAssetPersonRecord.query(on: database).filter(\.$consentID == consentID).all().map(\.assetID)
        let consents = try await consents(of: assets, on: database)
        for id in assets {
            guard let asset = try await MediaAssetRecord.find(id, on: database) else { continue }
            let publication = MediaPublication(asset: asset, consents: consents[id] ?? [], now: now)
            if case .allowed(let covered, _) = publication {
                // A face shown before must now be covered (or the other way round): made again.
                let count = try await database.writeTransaction { db in
                    try await withdrawRenditions(of: [id], where: { $0.covered != covered }, on: db, now: now)
                }
                if count > 0 {
                    try await JobQueue.enqueue(try Self.renditionsJob(id), on: database, now: now)
                }
            } else {
                try await database.writeTransaction { db in
                    let count = try await withdrawRenditions(of: [id], on: db, now: now)
                    guard count > 0 else { return }
                    try await audit.append(AuditEvent(actor: .system("media.consent-changed"), action: "media.unpublish",
                                                      resource: Self.resource(id),
                                                      detail: ["consent": .string(consentID.uuidString.lowercased()), "renditions": .int(Int64(count))],
                                                      subject: consents[id]?.compactMap(\.subjectUserID).first.map(AuditSubject.patient)),
                                           on: db, at: now)
                }
            }
        }
        try await announce(Array(Set(assets)), withdrawnSince: since, on: database)
    }

    /// Tells the pages and the CDN about assets whose renditions were withdrawn since `since`.
    func announce(_ assets: [UUID], withdrawnSince since: Date, on database: any Database) async throws {
        guard !assets.isEmpty else { return }
        // A second's slack: the stored time may be rounded below the one in the job's payload.
        let gone = try await MediaRenditionRecord.query(on: database).filter(\.$assetID ~~ assets)
            .filter(\.$withdrawnAt >= since.addingTimeInterval(-1)).all()
        guard !gone.isEmpty else { return }
        try await hooks.assetsUnpublished(Array(Set(gone.map(\.assetID))).sorted { $0.uuidString < $1.uuidString }, on: database)
        try await purger.purge(paths: gone.map { Self.publicPath + $0.name }.sorted())
    }
}

extension MediaLibrary {
    /// Consents that ran out while photos they covered were public: each such photo is checked
    /// again as after a withdrawal. The public route refuses them from the first second; this
    /// makes it final, deletes their bytes and tells the pages and the CDN. Returns how many
    /// consents it looked at.
    @discardableResult
    public func unpublishExpired(on database: any Database, now: Date = Date()) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        struct Row: Decodable { var id: UUID; var expires_at: Date }
        let rows = try await sql.raw("""
            SELECT DISTINCT c.id, c.expires_at FROM consents c
            JOIN media_asset_people p ON p.consent_id = c.id
            JOIN media_renditions r ON r.asset_id = p.asset_id AND r.withdrawn_at IS NULL
            WHERE c.expires_at <= \(bind: now) AND c.withdrawn_at IS NULL
            """).all(decoding: Row.self)
        for row in rows { try await consentChanged(row.id, since: row.expires_at, on: database, now: now) }
        return rows.count
    }
}
