import FluentKit
import Foundation

extension UploadAccess {
    /// A file of a record as those allowed to read the record see it: with its previews (short
    /// signed links) and the identifying tags read from a DICOM header.
    public struct RecordFile: Sendable {
        public let record: UploadRecord
        /// A DICOM upload's previews, one per series.
        public let previews: [Preview]
        /// A clean photo or X-ray image itself, to be shown small (only when asked for).
        public let picture: String?
        public let tags: DicomTags?
    }

    public struct Preview: Sendable {
        public let url: String
        public let modality: String?
        public let seriesDescription: String?
        public let imageCount: Int
    }
}

extension Uploads {
    /// Browsers show these inline; HEIF is offered for download only.
    static let picturedKinds: Set<MediaKind> = [.jpeg, .png, .webp, .avif]

    /// `records` with what lets a reader see them at a glance. Only clean files get links, each
    /// living `UploadAccess.linkLifetime`; `pictures` adds a link to each clean image itself. The
    /// caller has authorised the reader on the record the files belong to. Without `links`, the
    /// files alone, for a face that does not show them.
    public func recordFiles(_ records: [UploadRecord], pictures: Bool = false, links: Bool = true, on database: any Database,
                            now: Date = Date()) async throws -> [UploadAccess.RecordFile] {
        guard links else { return records.map { UploadAccess.RecordFile(record: $0, previews: [], picture: nil, tags: nil) } }
        let ids = records.compactMap(\.id)
        let previews = ids.isEmpty ? [] : try await UploadPreviewRecord.query(on: database).filter(\.$uploadID ~~ ids).sort(\.$position).all()
        let expiry = now.addingTimeInterval(UploadAccess.linkLifetime)
        return try records.map { record in
            let clean = record.state == .clean
            let own = clean ? previews.filter { $0.uploadID == record.id } : []
            var picture: String?
            if pictures, clean, Self.picturedKinds.contains(record.kind), let key = ObjectKey(record.storageKey) {
                picture = try storage.signedURL(for: key, expiresAt: expiry, filename: nil, contentType: record.kind.contentType)
            }
            return UploadAccess.RecordFile(record: record, previews: try own.compactMap { preview in
                guard let key = ObjectKey(preview.storageKey) else { return nil }
                return UploadAccess.Preview(url: try storage.signedURL(for: key, expiresAt: expiry, filename: nil, contentType: "image/png"),
                                            modality: preview.modality, seriesDescription: preview.seriesDescription,
                                            imageCount: preview.imageCount)
            }, picture: picture, tags: tags(of: record))
        }
    }
}
