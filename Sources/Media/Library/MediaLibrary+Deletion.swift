import Audit
import FluentKit
import Foundation
import Jobs

extension MediaLibrary {
    /// What uses the asset, as the CMS recorded it.
    public func usages(of asset: UUID, on database: any Database) async throws -> [MediaUsageRecord] {
        try await MediaUsageRecord.query(on: database).filter(\.$assetID == asset).sort(\.$label).all()
    }

    /// Deletes an asset nothing uses: its renditions withdrawn and their bytes, its preview and its
    /// upload deleted in jobs. Something that uses it keeps it, and the editor is told what.
    public func deleteAsset(_ id: UUID, by user: UUID, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await database.writeTransaction { db in
            guard let asset = try await MediaAssetRecord.find(id, on: db) else { throw MediaLibraryError.notFound }
            guard try await MediaUsageRecord.query(on: db).filter(\.$assetID == id).count() == 0 else { throw MediaLibraryError.inUse }
            let withdrawn = try await withdrawRenditions(of: [id], on: db, now: now)
            if withdrawn > 0 { try await JobQueue.enqueue(try Self.unpublishedJob([id], at: now), on: db, now: now) }
            if let preview = asset.previewKey { try await JobQueue.enqueue(try Uploads.deleteObjectJob(preview), on: db, now: now) }
            try await MediaRenditionRecord.query(on: db).filter(\.$assetID == id).delete()
            try await MediaAssetPersonRecord.query(on: db).filter(\.$assetID == id).delete()
            try await asset.delete(on: db)
            if let upload = try await UploadRecord.find(asset.uploadID, on: db) {
                try await uploads.delete(upload, by: .user(user.uuidString.lowercased()), origin: origin, on: db, now: now)
            }
            try await audit.append(AuditEvent(actor: .user(user.uuidString.lowercased()), action: "media.delete", resource: Self.resource(id),
                                              origin: origin, detail: ["title": .string(asset.title)]), on: db, at: now)
        }
    }
}
