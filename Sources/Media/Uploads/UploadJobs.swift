import Foundation
import Jobs

/// What a job about one upload carries: its id, never more.
public struct UploadJobPayload: Codable, Sendable {
    public var upload: UUID

    public init(upload: UUID) {
        self.upload = upload
    }

    /// The id `job` names; a payload that names none can never succeed.
    static func upload(of job: ClaimedJob) throws -> UUID {
        guard let payload = try? JSONDecoder().decode(Self.self, from: Data(job.payload.utf8)) else {
            throw PermanentJobFailure("the payload names no upload")
        }
        return payload.upload
    }
}

/// `media.scan`: one upload's virus scan.
public struct ScanUploadJob: JobHandler {
    public static let kind = "media.scan"
    public var kind: String { Self.kind }
    let uploads: Uploads

    public init(uploads: Uploads) {
        self.uploads = uploads
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        try await uploads.scan(try UploadJobPayload.upload(of: job), on: context.database)
    }
}

/// `media.dicom-previews`: one clean DICOM upload's previews and tags.
public struct DicomPreviewJob: JobHandler {
    public static let kind = "media.dicom-previews"
    public var kind: String { Self.kind }
    let uploads: Uploads

    public init(uploads: Uploads) {
        self.uploads = uploads
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        try await uploads.makePreviews(try UploadJobPayload.upload(of: job), on: context.database)
    }
}

/// `media.delete-object`: removes a deleted upload's bytes from storage.
public struct DeleteStoredObjectJob: JobHandler {
    public static let kind = "media.delete-object"
    public var kind: String { Self.kind }
    public struct Payload: Codable, Sendable {
        public var key: String
    }
    let storage: any ObjectStorage

    public init(storage: any ObjectStorage) {
        self.storage = storage
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)), let key = ObjectKey(payload.key) else {
            throw PermanentJobFailure("the payload names no storage key")
        }
        try await storage.delete(key)
    }
}

/// `media.sweep`, every five minutes: lost scans queued again, visitors' unclaimed uploads deleted.
public struct SweepUploadsJob: JobHandler {
    public static let kind = "media.sweep"
    public var kind: String { Self.kind }
    let uploads: Uploads

    public init(uploads: Uploads) {
        self.uploads = uploads
    }

    public static func recurring() throws -> RecurringJob {
        try RecurringJob(name: kind, schedule: "*/5 * * * *", job: NewJob(kind: kind, maxAttempts: 3))
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let (rescans, expired) = try await uploads.sweep(on: context.database)
        if rescans + expired > 0 {
            context.logger.notice("uploads swept", metadata: ["rescans": .stringConvertible(rescans), "expired": .stringConvertible(expired)])
        }
    }
}
