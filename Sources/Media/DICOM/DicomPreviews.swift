import Core
import FluentKit
import Foundation
import Jobs

extension Uploads {
    /// The most files of one study whose headers are read for grouping; a CD holds a few hundred.
    static let previewFileLimit = 5000

    /// Makes a PNG of each series' first image of a clean DICOM upload (a single file, or every
    /// series of a study archive), stores them, and seals the study's identifying tags on the
    /// upload. Run again, it replaces what it made before. A series DCMTK cannot render is left
    /// without a preview rather than failing the others.
    public func makePreviews(_ id: UUID, on database: any Database, now: Date = Date()) async throws {
        guard let record = try await UploadRecord.find(id, on: database), record.state == .clean,
              record.kind == .dicom || record.kind == .dicomArchive else { return }
        guard let key = ObjectKey(record.storageKey) else { throw PermanentJobFailure("upload \(id) has an invalid storage key") }
        let work = try Self.workFolder("dicom")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let original = work + "/upload"
        do {
            try await download(key, to: original)
        } catch let error as StorageError where error.kind == .notFound {
            throw PermanentJobFailure("upload \(id)'s object is missing from storage")
        }
        let candidates = record.kind == .dicom ? [original] : try await ArchiveUnpacker.unpack(original, into: work + "/entries")
        var images: [(path: String, tags: DicomTags)] = []
        for path in candidates.prefix(Self.previewFileLimit) where DicomFile.isDicom(path) {
            if let tags = try? await DicomFile.tags(of: path), !tags.isDirectory { images.append((path, tags)) }
        }
        // Series in the order their files come on the disc; in each, the lowest instance number first.
        var order: [String] = []
        var series: [String: [(path: String, tags: DicomTags)]] = [:]
        for image in images {
            let uid = image.tags.seriesUID ?? "series-of-\(image.path)"
            if series[uid] == nil { order.append(uid) }
            series[uid, default: []].append(image)
        }
        var made: [UploadPreviewRecord] = []
        for (position, uid) in order.enumerated() {
            let members = series[uid] ?? []
            guard let first = members.min(by: { ($0.tags.instanceNumber ?? .max, $0.path) < ($1.tags.instanceNumber ?? .max, $1.path) }) else { continue }
            let png = work + "/preview-\(position).png"
            do {
                try await DicomFile.preview(of: first.path, tags: first.tags, to: png, workFolder: work)
            } catch {
                continue
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? NSNumber)?.int64Value ?? 0
            guard size > 0 else { continue }
            let previewKey = ObjectKey.generate(under: "previews")
            try await storage.put(previewKey, chunks: FileChunks(path: png), length: size, contentType: "image/png")
            let preview = UploadPreviewRecord()
            preview.id = UUID()
            preview.uploadID = id
            preview.storageKey = previewKey.value
            preview.position = position
            preview.modality = first.tags.modality
            preview.seriesDescription = first.tags.seriesDescription
            preview.imageCount = members.count
            preview.createdAt = now
            made.append(preview)
        }
        var identifying = images.first?.tags ?? DicomTags()
        identifying.seriesUID = nil
        identifying.instanceNumber = nil
        identifying.transferSyntax = nil
        identifying.columns = nil
        identifying.storageClass = nil
        let sealed = try encryption.seal(try JSONEncoder().encode(identifying), context: Self.tagsContext(id))
        let replaced = made
        do {
            try await database.writeTransaction { db in
                guard try await UploadRecord.find(id, on: db) != nil else { throw UploadGone() }
                let old = try await UploadPreviewRecord.query(on: db).filter(\.$uploadID == id).all()
                try await UploadPreviewRecord.query(on: db).filter(\.$uploadID == id).delete()
                for key in old.map(\.storageKey) { try await JobQueue.enqueue(try Self.deleteObjectJob(key), on: db, now: now) }
                for preview in replaced { try await preview.create(on: db) }
                try await UploadRecord.query(on: db).filter(\.$id == id).set(\.$dicomTags, to: sealed).update()
            }
        } catch {
            // Deleted meanwhile, or the database failed: what was stored for it goes.
            for preview in replaced { try? await storage.delete(ObjectKey(preview.storageKey)!) }
            if error is UploadGone { return }
            throw error
        }
    }

    /// The identifying tags of a DICOM upload, for those `authorize` allowed to see its record.
    public func tags(of record: UploadRecord) -> DicomTags? {
        guard let sealed = record.dicomTags, let id = record.id,
              let data = try? encryption.open(sealed, context: Self.tagsContext(id)) else { return nil }
        return try? JSONDecoder().decode(DicomTags.self, from: data)
    }

    static func tagsContext(_ id: UUID) -> String { "uploads.dicom_tags:\(id.uuidString.lowercased())" }
}

private struct UploadGone: Error {}
