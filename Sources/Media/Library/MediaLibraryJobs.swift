import Foundation
import Jobs

/// A job's payload decoded, or a permanent failure: a payload that does not decode never will.
func decodePayload<Payload: Decodable>(_ type: Payload.Type, of job: ClaimedJob, naming what: String) throws -> Payload {
    guard let payload = try? JSONDecoder().decode(type, from: Data(job.payload.utf8)) else {
        throw PermanentJobFailure("the payload names no \(what)")
    }
    return payload
}

/// What a job about one asset carries.
struct AssetJobPayload: Codable, Sendable {
    var asset: UUID

    static func asset(of job: ClaimedJob) throws -> UUID {
        try decodePayload(Self.self, of: job, naming: "asset").asset
    }
}

extension MediaLibrary {
    static func analyseJob(_ asset: UUID) throws -> NewJob {
        try NewJob(kind: AnalyseAssetJob.kind, payload: AssetJobPayload(asset: asset), maxAttempts: 5,
                   idempotencyKey: "media.analyse:\(asset.uuidString.lowercased())")
    }

    /// One per asset at a time: a run makes the revision current when it runs, and one that finds
    /// the asset changed meanwhile retries itself.
    static func renditionsJob(_ asset: UUID) throws -> NewJob {
        try NewJob(kind: RenditionsJob.kind, payload: AssetJobPayload(asset: asset), maxAttempts: 5,
                   idempotencyKey: "media.renditions:\(asset.uuidString.lowercased())")
    }

    static func unpublishedJob(_ assets: [UUID], at now: Date) throws -> NewJob {
        try NewJob(kind: AssetsUnpublishedJob.kind, payload: AssetsUnpublishedJob.Payload(assets: assets, since: now), maxAttempts: 20)
    }

    static func consentChangedJob(_ consent: UUID, at now: Date) throws -> NewJob {
        try NewJob(kind: ConsentChangedJob.kind, payload: ConsentChangedJob.Payload(consent: consent, since: now), maxAttempts: 20,
                   idempotencyKey: "media.consent-changed:\(consent.uuidString.lowercased())")
    }
}

/// `media.analyse`: an asset's size and faces, once its upload is clean.
public struct AnalyseAssetJob: JobHandler {
    public static let kind = "media.analyse"
    public var kind: String { Self.kind }
    let library: MediaLibrary

    public init(library: MediaLibrary) {
        self.library = library
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        try await library.analyse(try AssetJobPayload.asset(of: job), on: context.database)
    }
}

/// `media.renditions`: an approved asset's public renditions (or their withdrawal, when it may no
/// longer be public).
public struct RenditionsJob: JobHandler {
    public static let kind = "media.renditions"
    public var kind: String { Self.kind }
    let library: MediaLibrary

    public init(library: MediaLibrary) {
        self.library = library
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        try await library.makeRenditions(try AssetJobPayload.asset(of: job), on: context.database)
    }
}

/// `media.consent-changed`: what a withdrawn or narrowed consent no longer allows, unpublished.
public struct ConsentChangedJob: JobHandler {
    public static let kind = "media.consent-changed"
    public var kind: String { Self.kind }
    struct Payload: Codable, Sendable {
        var consent: UUID
        var since: Date
    }
    let library: MediaLibrary

    public init(library: MediaLibrary) {
        self.library = library
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let payload = try decodePayload(Payload.self, of: job, naming: "consent")
        try await library.consentChanged(payload.consent, since: payload.since, on: context.database)
    }
}

/// `media.unpublished`: pages and the CDN told of assets an edit withdrew from publication.
public struct AssetsUnpublishedJob: JobHandler {
    public static let kind = "media.unpublished"
    public var kind: String { Self.kind }
    struct Payload: Codable, Sendable {
        var assets: [UUID]
        var since: Date
    }
    let library: MediaLibrary

    public init(library: MediaLibrary) {
        self.library = library
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let payload = try decodePayload(Payload.self, of: job, naming: "assets")
        try await library.announce(payload.assets, withdrawnSince: payload.since, on: context.database)
    }
}

/// `media.consent-expiry`, every five minutes: photos whose consent ran out taken off for good.
public struct ConsentExpiryJob: JobHandler {
    public static let kind = "media.consent-expiry"
    public var kind: String { Self.kind }
    let library: MediaLibrary

    public init(library: MediaLibrary) {
        self.library = library
    }

    public static func recurring() throws -> RecurringJob {
        try RecurringJob(name: kind, schedule: "*/5 * * * *", job: NewJob(kind: kind, maxAttempts: 3))
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let expired = try await library.unpublishExpired(on: context.database)
        if expired > 0 { context.logger.notice("expired consents unpublished", metadata: ["consents": .stringConvertible(expired)]) }
    }
}
