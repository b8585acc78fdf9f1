import Accounts
import Core
import Foundation
import HTTPSupport
import Markup
import Media
import Vapor

/// The upload endpoint the upload component's script talks to, for any form that takes files:
/// `POST /{locale}/uploads` (a streamed multipart body, one or more files) answers JSON with each
/// file's id and state or the reason it was refused; `GET /{locale}/uploads/:id` answers one
/// upload's state, for its sender only, and never keeps a session alive (the page polls it).
/// A signed-in person uploads into their own record; a visitor only into the form whose token
/// (`form_token`, or the `X-Form-Token` header) they hold.
public struct UploadRoutes: RouteCollection, Sendable {
    public init() {}

    static let formTokenHeader = "X-Form-Token"
    static let formTokenField = "form_token"

    public func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, ":locale", "uploads", body: .stream, use: upload).checksCSRFItself = true
        routes.get(":locale", "uploads", ":upload", use: state).passive()
    }

    struct UploadState: Content {
        var id: String
        var name: String
        var kind: String
        var size: String
        var state: String
        var label: String
        var advice: String?
        var settled: Bool
        var stateURL: String
    }

    struct Refused: Content {
        var name: String
        var message: String
    }

    struct Answer: Content {
        var uploads: [UploadState]
        var refused: [Refused]
    }

    @Sendable
    func upload(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let t = req.localizer(locale)
        let (_, received) = try await req.receiveUploads(sender: { fields in try Self.sender(req, fields: fields) })
        let answer = Answer(uploads: received.accepted.map { Self.describe($0, locale: locale, t) },
                            refused: received.refused.map { Refused(name: $0.name, message: t.t($0.refusal.message)) })
        let response = Response(status: answer.uploads.isEmpty && !answer.refused.isEmpty ? .unprocessableEntity : .ok)
        try response.content.encode(answer, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable
    func state(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let id = req.parameters.get("upload").flatMap(UUID.init(uuidString:)),
              let sender = try? Self.sender(req, fields: [:]),
              let record = try await req.application.uploadAccess.ownUpload(id, of: sender, on: req.db) else {
            throw Abort(.notFound)
        }
        let response = Response(status: .ok)
        try response.content.encode(Self.describe(record, locale: locale, req.localizer(locale)), as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The form whose token came with the files (a signed-in patient's inquiry too: its files
    /// belong to that form), else the signed-in person's record; otherwise refused.
    static func sender(_ req: Request, fields: [String: String]) throws -> UploadAccess.Sender {
        let token = req.headers.first(name: formTokenHeader) ?? fields[formTokenField] ?? ""
        if token.isEmpty, let signedIn = req.signedIn { return .signedIn(signedIn.accessActor, userID: signedIn.userID) }
        guard let formKey = FormToken(keyring: req.webContext.configuration.secretKeys).formKey(of: token) else {
            throw UploadFormExpired()
        }
        return .visitor(formKey: formKey)
    }

    static func describe(_ record: UploadRecord, locale: SiteLocale, _ t: Localizer) -> UploadState {
        let id = record.id?.uuidString.lowercased() ?? ""
        return UploadState(id: id, name: record.displayName, kind: UploadLabels.kind(record.kind, t),
                           size: UploadLabels.size(record.byteCount, locale), state: record.state.rawValue,
                           label: UploadLabels.state(record.state, t), advice: UploadLabels.advice(record.state, t),
                           settled: UploadLabels.isSettled(record.state), stateURL: SafeURL.path(locale.rawValue, "uploads", id).value)
    }
}

/// A visitor's upload came without the token of a form they are filling in, or after it expired.
struct UploadFormExpired: DomainError {
    var kind: ErrorKind { .forbidden }
    var messageKey: String { msgid("This form has expired. Reload the page, then attach your files again.") }
}

/// What one streamed upload request left behind.
struct ReceivedUploads: Sendable {
    var accepted: [UploadRecord] = []
    var refused: [(name: String, refusal: UploadRefusal)] = []
}

extension Request {
    /// Reads a streamed multipart form (CSRF and sender checked before the first file is spooled),
    /// stores each file through `UploadAccess`, and removes the spooled copies. A file refused
    /// on its own (wrong type, too large) does not stop the others.
    func receiveUploads(sender resolve: @escaping ([String: String]) throws -> UploadAccess.Sender) async throws
        -> (fields: [String: String], received: ReceivedUploads) {
        let uploads = application.uploads
        let form = try await MultipartSpooler.read(self, limits: uploads.limits, folder: uploads.spoolFolder) { [self] fields in
            try verifyCSRF(fields: fields)
            _ = try resolve(fields)
        }
        defer { form.discard() }
        // A form without files still has to pass the checks its files would have.
        try verifyCSRF(fields: form.fields)
        let sender = try resolve(form.fields)
        var received = ReceivedUploads()
        let network = Accounts.networkKey(clientAddress?.description)
        for file in form.files {
            let name = DisplayName(sanitizing: file.claimedName).value
            if let refusal = file.refusal {
                received.refused.append((name, refusal))
                continue
            }
            guard let path = file.path else { continue }
            do {
                received.accepted.append(try await application.uploadAccess.receive(
                    spooledAt: path, claimedName: file.claimedName, from: sender, network: network, origin: auditOrigin, on: db))
            } catch let refusal as UploadRefusal {
                received.refused.append((name, refusal))
            }
        }
        return (form.fields, received)
    }
}
