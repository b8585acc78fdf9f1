import Audit
import Core
import Crypto
import FluentKit
import Foundation
import Jobs
import NIOCore

extension MediaLibrary {
    /// The widths `srcset` offers: a phone at 1×, 2× and 3×, a tablet, a desktop. No rendition is
    /// wider than its source; a source narrower than all of them gets one at its own width.
    public static let widths = [320, 640, 960, 1280, 1920]

    /// How far beyond a detected face the cover reaches, as a fraction of the box: detectors fit
    /// the box tightly around eyes and mouth, leaving hair, ears and jaw outside.
    static let faceMargin = 0.25

    /// How many renditions a complete revision of an image `sourceWidth` wide has.
    static func renditionCount(for sourceWidth: Int) -> Int {
        widths(for: sourceWidth).count * RenditionShape.allCases.count * RenditionFormat.allCases.count
    }

    static func widths(for sourceWidth: Int) -> [Int] {
        let fitting = widths.filter { $0 <= sourceWidth }
        return fitting.isEmpty ? [sourceWidth] : fitting
    }

    /// Makes the approved asset's public renditions for its current revision: covered unless
    /// everyone in it allows their face, every shape, width and format. Renditions of earlier
    /// revisions stay public until these are committed, then are withdrawn. An asset that may not
    /// be public loses its renditions instead.
    public func makeRenditions(_ id: UUID, on database: any Database, now: Date = Date()) async throws {
        guard let asset = try await MediaAssetRecord.find(id, on: database),
              let upload = try await UploadRecord.find(asset.uploadID, on: database) else { return }
        let publication = MediaPublication(asset: asset, consents: try await consents(of: [id], on: database)[id] ?? [], now: now)
        guard let covered = publication.covered else {
            let count = try await database.writeTransaction { db in try await withdrawRenditions(of: [id], on: db, now: now) }
            if count > 0 { try await announce([id], withdrawnSince: now, on: database) }
            return
        }
        let current = try await MediaRenditionRecord.query(on: database).filter(\.$assetID == id).filter(\.$withdrawnAt == nil)
            .filter(\.$assetRevision == asset.revision).filter(\.$covered == covered).count()
        let wanted = Self.renditionCount(for: asset.width)
        guard current < wanted else { return }
        guard upload.state == .clean, let key = ObjectKey(upload.storageKey) else { throw PermanentJobFailure("the asset's upload is not clean") }

        let work = try Uploads.workFolder("renditions")
        defer { try? FileManager.default.removeItem(atPath: work) }
        var source = work + "/source"
        try await uploads.download(key, to: source)
        if covered, !asset.faceBoxes.isEmpty {
            try await coverFaces(of: asset, in: source, to: work + "/covered.png")
            source = work + "/covered.png"
        }
        var made: [MediaRenditionRecord] = []
        do {
            for shape in RenditionShape.allCases {
                for width in Self.widths(for: asset.width) {
                    let height = shape.aspect.map { Int((Double(width) * $0).rounded()) } ?? 0
                    for format in RenditionFormat.allCases {
                        made.append(try await render(source, asset: asset, shape: shape, width: width, height: height, format: format,
                                                     covered: covered, in: work, now: now))
                    }
                }
            }
            let revision = asset.revision, finished = made
            try await database.writeTransaction { db in
                // The asset may have changed while the pixels were made: then these are stale.
                guard let fresh = try await MediaAssetRecord.query(on: db).filter(\.$id == id).first(), fresh.revision == revision,
                      MediaPublication(asset: fresh, consents: try await consents(of: [id], on: db)[id] ?? [], now: now).covered == covered
                else { throw JobRetryLater("asset \(id) changed while its renditions were made", after: 1) }
                for rendition in finished { try await rendition.create(on: db) }
                let replaced = try await withdrawRenditions(of: [id], where: { $0.assetRevision != revision || $0.covered != covered },
                                                            on: db, now: now)
                try await audit.append(AuditEvent(actor: .system("media.renditions"), action: "media.renditions", resource: Self.resource(id),
                                                  detail: ["made": .int(Int64(finished.count)), "replaced": .int(Int64(replaced)),
                                                           "covered": .bool(covered), "revision": .int(Int64(revision))]), on: db, at: now)
            }
        } catch {
            for rendition in made { try? await storage.delete(ObjectKey(rendition.storageKey)!) }
            throw error
        }
    }

    /// The asset's image upright as a PNG, each face box and its margin pixelated beyond recovery:
    /// what every covered rendition is made from, so no larger than the largest of them needs.
    func coverFaces(of asset: MediaAssetRecord, in source: String, to output: String) async throws {
        let boxes = asset.faceBoxes.map { $0.box.expanded(by: Self.faceMargin, within: asset.width, asset.height) }
        try await Imaging.cover(source, to: output, boxes: boxes, atLeast: Self.coverSize(for: asset.width), maxPixels: maxPixels)
    }

    /// What the covered copy must keep for every rendition of an image `sourceWidth` wide to be
    /// made from it at the size it would have from the original: the widest rendition's width,
    /// and the height of its tallest cropped shape.
    public static func coverSize(for sourceWidth: Int) -> (width: Int, height: Int) {
        let widest = widths(for: sourceWidth).max() ?? sourceWidth
        let tallest = RenditionShape.allCases.compactMap(\.aspect).max() ?? 0
        return (widest, Int((Double(widest) * tallest).rounded()))
    }

    /// One rendition made, stored under its content's hash and returned unsaved.
    private func render(_ source: String, asset: MediaAssetRecord, shape: RenditionShape, width: Int, height: Int,
                        format: RenditionFormat, covered: Bool, in work: String, now: Date) async throws -> MediaRenditionRecord {
        let output = "\(work)/\(shape.rawValue)-\(width).\(format.fileExtension)"
        let size = try await Imaging.render(source, to: output, width: width, height: height, focal: (asset.focalX, asset.focalY),
                                            format: format, maxPixels: maxPixels)
        let digest = try await Uploads.sha256(FileChunks(path: output))
        let id = UUID()
        // The id's first characters keep a name unique when the same pixels are made again after
        // a withdrawal, whose deletion of the old bytes may still be queued.
        let name = "\(digest.prefix(32))\(id.uuidString.lowercased().prefix(8)).\(format.fileExtension)"
        let key = ObjectKey("public/" + name)!
        let length = Int64(try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int ?? 0)
        try await storage.put(key, chunks: FileChunks(path: output), length: length, contentType: format.contentType)
        let rendition = MediaRenditionRecord()
        rendition.id = id
        rendition.assetID = try asset.requireID()
        rendition.assetRevision = asset.revision
        rendition.shape = shape
        rendition.format = format
        rendition.targetWidth = width
        rendition.width = size.width
        rendition.height = size.height
        rendition.covered = covered
        rendition.name = name
        rendition.storageKey = key.value
        rendition.byteCount = length
        rendition.createdAt = now
        return rendition
    }
}
