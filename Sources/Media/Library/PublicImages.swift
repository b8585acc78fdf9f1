import Core
import FluentKit
import Foundation
import Jobs

/// What a page needs to show an asset: its renditions by format, best format first, and its alt
/// text in the page's locale. Built only from renditions already made.
public struct PublicImage: Sendable, Equatable {
    public struct Candidate: Sendable, Equatable {
        public var path: String
        public var width: Int

        public init(path: String, width: Int) {
            self.path = path
            self.width = width
        }
    }

    public var asset: UUID
    /// The largest candidate's size, for `width` and `height`: the aspect ratio reserves the space.
    public var width: Int
    public var height: Int
    /// Empty for a decorative image.
    public var alt: String
    /// Formats in order of preference, each with its widths, narrowest first. JPEG, the fallback
    /// every browser shows, is present whenever anything is.
    public var sources: [(format: RenditionFormat, candidates: [Candidate])]

    public init(asset: UUID, width: Int, height: Int, alt: String, sources: [(format: RenditionFormat, candidates: [Candidate])]) {
        self.asset = asset
        self.width = width
        self.height = height
        self.alt = alt
        self.sources = sources
    }

    public static func == (lhs: PublicImage, rhs: PublicImage) -> Bool {
        lhs.asset == rhs.asset && lhs.width == rhs.width && lhs.height == rhs.height && lhs.alt == rhs.alt
            && lhs.sources.map(\.format) == rhs.sources.map(\.format) && lhs.sources.map(\.candidates) == rhs.sources.map(\.candidates)
    }
}

/// A public rendition that may be served, or why not.
public enum PublicRenditionLookup: Sendable {
    case serve(storageKey: String, contentType: String, byteCount: Int64)
    /// Withdrawn, superseded, or its asset or consent no longer allows it.
    case gone
    case notFound
}

extension MediaLibrary {
    /// The asset for a public page in `locale`, or nil when it may not be shown there or nothing
    /// of it is made yet.
    public func publicImage(_ id: UUID, shape: RenditionShape = .original, locale: SiteLocale, on database: any Database,
                            now: Date = Date()) async throws -> PublicImage? {
        try await publicImages([id], shape: shape, locale: locale, on: database, now: now)[id]
    }

    /// The assets a public page in `locale` may show, by id, in four queries however many there
    /// are (assets, the people in them, their consents, renditions); those it may not show there,
    /// or of which nothing is made yet, are absent. Missing renditions are queued, never made
    /// here: the best ones made so far are shown meanwhile.
    public func publicImages(_ ids: [UUID], shape: RenditionShape = .original, locale: SiteLocale, on database: any Database,
                             now: Date = Date()) async throws -> [UUID: PublicImage] {
        guard !ids.isEmpty else { return [:] }
        let assets = try await MediaAssetRecord.query(on: database).filter(\.$id ~~ ids).all()
        let consents = try await consents(of: ids, on: database)
        var coveredByAsset: [UUID: Bool] = [:]
        for asset in assets {
            let id = try asset.requireID()
            let publication = MediaPublication(asset: asset, consents: consents[id] ?? [], now: now)
            if publication.allows(locale), let covered = publication.covered { coveredByAsset[id] = covered }
        }
        guard !coveredByAsset.isEmpty else { return [:] }
        let renditions = try await MediaRenditionRecord.query(on: database).filter(\.$assetID ~~ Array(coveredByAsset.keys))
            .filter(\.$withdrawnAt == nil).all()
        let byAsset = Dictionary(grouping: renditions, by: \.assetID)
        var images: [UUID: PublicImage] = [:]
        for asset in assets {
            guard let id = asset.id, let covered = coveredByAsset[id] else { continue }
            let live = (byAsset[id] ?? []).filter { $0.covered == covered }
            if live.filter({ $0.assetRevision == asset.revision }).count < Self.renditionCount(for: asset.width) {
                let job = try Self.renditionsJob(id)
                // A job that died waits for an operator (`jobs`); page views must not start it over and over.
                let died = try await JobRecord.query(on: database).filter(\.$idempotencyKey == job.idempotencyKey).filter(\.$state == .dead).first()
                if died == nil { try await JobQueue.enqueue(job, on: database, now: now) }
            }
            let ofShape = live.filter { $0.shape == shape }
            // The newest revision made in each format; an older one stands in until it is.
            var sources: [(format: RenditionFormat, candidates: [PublicImage.Candidate])] = []
            var largest: MediaRenditionRecord?
            for format in RenditionFormat.allCases {
                let inFormat = ofShape.filter { $0.format == format }
                guard let revision = inFormat.map(\.assetRevision).max() else { continue }
                let chosen = inFormat.filter { $0.assetRevision == revision }.sorted { $0.width < $1.width }
                sources.append((format, chosen.map { PublicImage.Candidate(path: Self.publicPath + $0.name, width: $0.width) }))
                if format == .jpeg { largest = chosen.last }
            }
            guard let largest else { continue }
            images[id] = PublicImage(asset: id, width: largest.width, height: largest.height, alt: asset.alt[locale.rawValue] ?? "", sources: sources)
        }
        return images
    }

    /// What `/images/<name>` answers. The asset's review and consents are checked on every request,
    /// so a withdrawal takes effect before its job has run.
    public func publicRendition(named name: String, on database: any Database, now: Date = Date()) async throws -> PublicRenditionLookup {
        guard name.count <= 80, let rendition = try await MediaRenditionRecord.query(on: database).filter(\.$name == name).first() else {
            return .notFound
        }
        guard rendition.withdrawnAt == nil, let asset = try await MediaAssetRecord.find(rendition.assetID, on: database) else { return .gone }
        let publication = MediaPublication(asset: asset, consents: try await consents(of: [asset.requireID()], on: database)[asset.id!] ?? [],
                                           now: now)
        guard publication.covered == rendition.covered else { return .gone }
        return .serve(storageKey: rendition.storageKey, contentType: rendition.format.contentType, byteCount: rendition.byteCount)
    }
}
