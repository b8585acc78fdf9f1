import Accounts
import Core
import Fluent
import Foundation
import HTTPSupport
import Markup
import Media
import Vapor

/// `/admin/media`: the media library for editors and coordinators (after a second factor, through
/// the `media` resource of `authorize`): upload, find, describe, review faces and people, approve,
/// see where an asset is used and delete what nothing uses; and the consents of the people in the
/// photos. Pages are in the signed-in person's language; every change is audited by the domain.
public struct AdminMediaRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let media = routes.grouped("admin", "media")
        media.get(use: list)
        media.on(.POST, "uploads", body: .stream, use: upload).checksCSRFItself = true
        media.get("uploads", ":upload", use: uploadState).passive()
        media.get("consents", use: AdminConsentRoutes().list)
        media.on(.POST, "consents", body: .stream, use: AdminConsentRoutes().record).checksCSRFItself = true
        media.get("consents", ":consent", "evidence", use: AdminConsentRoutes().evidence)
        media.post("consents", ":consent", "withdraw", use: AdminConsentRoutes().withdraw)
        media.get(":asset", use: show)
        media.post(":asset", "describe", use: describe)
        media.post(":asset", "focal-point", use: focalPoint)
        media.post(":asset", "faces", use: faces)
        media.post(":asset", "people", use: people)
        media.post(":asset", "approve", use: approve)
        media.post(":asset", "delete", use: delete)
    }

    struct ListQuery: Content {
        var q: String?
        var kind: String?
        var tag: String?
        var review: String?
        var publication: String?
    }

    /// The signed-in person and their language.
    static func staff(_ req: Request) -> (SignedIn, Localizer)? {
        guard let signedIn = req.signedIn else { return nil }
        return (signedIn, req.localizer(signedIn.user.siteLocale))
    }

    static func chrome(_ req: Request, _ t: Localizer) -> PageChrome {
        PageChrome(localizer: t, context: req.webContext, alternates: [:], indexable: false)
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        guard let (signedIn, t) = Self.staff(req) else { return req.redirectToSignIn(req.preferredLocale) }
        let query = (try? req.query.decode(ListQuery.self)) ?? ListQuery()
        let filter = MediaAccess.Filter(text: String((query.q ?? "").prefix(200)), kind: query.kind.flatMap(MediaKind.init(rawValue:)),
                                        tag: query.tag.flatMap { $0.isEmpty ? nil : String($0.prefix(60)) },
                                        review: query.review.flatMap(MediaAccess.Filter.Review.init(rawValue:)),
                                        publication: query.publication.flatMap(MediaAccess.Filter.Publication.init(rawValue:)))
        let (items, more) = try await req.application.mediaAccess.search(filter, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        return Response.html(AdminMediaPage(chrome: Self.chrome(req, t), filter: filter, items: items, more: more, csrfToken: req.csrfToken(),
                                            notice: req.takeFlash()))
    }

    /// Files sent by the library's upload field, each image made an asset at once. Answers JSON to
    /// the field's script, and a redirect to the library to a plain form post.
    @Sendable
    func upload(req: Request) async throws -> Response {
        guard let (signedIn, t) = Self.staff(req) else { return req.redirectToSignIn(req.preferredLocale) }
        let sender = UploadAccess.Sender.library(signedIn.accessActor, userID: signedIn.userID)
        let (_, received) = try await req.receiveUploads(sender: { _ in sender })
        var refused = received.refused.map { UploadRoutes.Refused(name: $0.name, message: t.t($0.refusal.message)) }
        var accepted: [UploadRoutes.UploadState] = []
        for record in received.accepted {
            do {
                _ = try await req.application.mediaAccess.change(by: signedIn.accessActor, origin: req.auditOrigin, on: req.db) { library, user in
                    try await library.createAsset(from: record.requireID(), title: Self.title(of: record.displayName), by: user,
                                                  origin: req.auditOrigin, on: req.db)
                }
                var state = UploadRoutes.describe(record, locale: t.locale, t)
                state.stateURL = SafeURL.path("admin", "media", "uploads", state.id).value
                accepted.append(state)
            } catch let error as MediaLibraryError {
                try await req.application.uploads.delete(record, by: signedIn.accessActor.auditActor, origin: req.auditOrigin, on: req.db)
                refused.append(UploadRoutes.Refused(name: record.displayName, message: t.t(error.messageKey)))
            }
        }
        if !(req.headers.accept.first?.mediaType == .json) {
            let problems = refused.map { "\($0.name): \($0.message)" }
            req.setFlash(problems.isEmpty ? t.t("The files have arrived. Each is checked for viruses and faces before you can approve it.")
                                          : problems.joined(separator: " "))
            return req.seeOther("/admin/media")
        }
        let answer = UploadRoutes.Answer(uploads: accepted, refused: refused)
        let response = Response(status: accepted.isEmpty && !refused.isEmpty ? .unprocessableEntity : .ok)
        try response.content.encode(answer, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// A file name made a first title: without its extension, separators read as spaces.
    static func title(of name: String) -> String {
        let stem = (name as NSString).deletingPathExtension
        let words = stem.split { $0 == "_" || $0 == "-" || $0.isWhitespace }.joined(separator: " ")
        return words.isEmpty ? name : words
    }

    @Sendable
    func uploadState(req: Request) async throws -> Response {
        guard let (signedIn, t) = Self.staff(req) else { throw Abort(.notFound) }
        try await req.application.mediaAccess.authorize(signedIn.accessActor, .read, origin: req.auditOrigin, on: req.db)
        guard let id = req.parameters.get("upload").flatMap(UUID.init(uuidString:)),
              let record = try await req.application.uploadAccess.ownUpload(id, of: .library(signedIn.accessActor, userID: signedIn.userID), on: req.db)
        else { throw Abort(.notFound) }
        var state = UploadRoutes.describe(record, locale: t.locale, t)
        state.stateURL = SafeURL.path("admin", "media", "uploads", state.id).value
        let response = Response(status: .ok)
        try response.content.encode(state, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func assetID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("asset").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        return id
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        guard let (signedIn, t) = Self.staff(req) else { return req.redirectToSignIn(req.preferredLocale) }
        return Response.html(try await page(req, signedIn, t, id: try Self.assetID(req), errors: [:], notice: req.takeFlash()))
    }

    func page(_ req: Request, _ signedIn: SignedIn, _ t: Localizer, id: UUID, errors: [String: String], values: [String: String] = [:],
              notice: String? = nil) async throws -> AdminMediaAssetPage {
        let access = req.application.mediaAccess
        let item = try await access.item(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        let consents = try await access.consents(by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        let usages = try await access.usages(of: id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        // A patient's consent names their account: the name and address tell staff who it is.
        let accountIDs = Set(consents.compactMap(\.subjectUserID))
        let accounts = accountIDs.isEmpty ? [] : try await UserRecord.query(on: req.db).filter(\.$id ~~ accountIDs).all()
        let names = Dictionary(uniqueKeysWithValues: accounts.compactMap { user in
            user.id.map { ($0, [user.firstName, user.lastName, "(\(user.email))"].filter { !$0.isEmpty }.joined(separator: " ")) }
        })
        return AdminMediaAssetPage(chrome: Self.chrome(req, t), item: item, consents: consents, accountNames: names, usages: usages, csrfToken: req.csrfToken(),
                                   errors: errors, values: values, notice: notice)
    }

    /// Runs a change to one asset and comes back to its page, with the problem on it when there is one.
    private func change(_ req: Request, notice: String, action: AccessAction = .write,
                        _ body: @escaping (MediaLibrary, UUID, UUID, [String: String]) async throws -> Void) async throws -> Response {
        guard let (signedIn, t) = Self.staff(req) else { return req.redirectToSignIn(req.preferredLocale) }
        let id = try Self.assetID(req)
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            try await req.application.mediaAccess.change(action, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db) { library, user in
                try await body(library, user, id, fields)
            }
        } catch let failure as ValidationFailure {
            return Response.html(try await page(req, signedIn, t, id: id, errors: failure.fields.mapValues { t.t($0) }, values: fields),
                                 status: .unprocessableEntity)
        } catch let error as MediaLibraryError where error != .notFound {
            return Response.html(try await page(req, signedIn, t, id: id, errors: ["asset": t.t(error.messageKey)], values: fields),
                                 status: error.kind == .conflict ? .conflict : .unprocessableEntity)
        }
        req.setFlash(t.t(notice))
        return req.seeOther(action == .delete ? "/admin/media" : "/admin/media/\(id.uuidString.lowercased())")
    }

    @Sendable
    func describe(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The description has been saved.")) { library, user, id, fields in
            var alt: [SiteLocale: String] = [:]
            for locale in SiteLocale.allCases { alt[locale] = fields["alt_\(locale.rawValue)"] ?? "" }
            let tags = (fields["tags"] ?? "").split(separator: ",").map(String.init)
            try await library.describe(id, title: fields["title"] ?? "", alt: alt, tags: tags, by: user, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func focalPoint(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The focal point has been saved.")) { library, user, id, fields in
            guard let x = Self.percent(fields["focal_x"]), let y = Self.percent(fields["focal_y"]) else {
                throw ValidationFailure(["focal": msgid("The focal point must lie inside the image.")])
            }
            try await library.setFocalPoint(id, x: x / 100, y: y / 100, by: user, origin: req.auditOrigin, on: req.db)
        }
    }

    /// A percentage typed in any of the site's digits, with a point or a comma.
    static func percent(_ text: String?) -> Double? {
        text.flatMap { Numerals.parseDecimal($0.replacingOccurrences(of: ",", with: ".")) }
    }

    @Sendable
    func faces(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The faces have been saved. Approve the photo again when it is right.")) { library, user, id, fields in
            var boxes: [PixelBox] = []
            var problems: [String: String] = [:]
            let rows = Set(fields.keys.compactMap { key -> Int? in
                let parts = key.split(separator: "_")
                return parts.count == 3 && parts[0] == "box" ? Int(parts[1]) : nil
            }).sorted()
            for row in rows where fields["box_\(row)_remove"] == nil {
                let values = ["x", "y", "width", "height"].map { (fields["box_\(row)_\($0)"] ?? "").trimmingCharacters(in: .whitespaces) }
                if values.allSatisfy(\.isEmpty) { continue }
                let numbers = values.compactMap(Numerals.parseInteger)
                guard numbers.count == 4 else {
                    problems["box_\(row)_x"] = msgid("Each face box must lie inside the image.")
                    continue
                }
                boxes.append(PixelBox(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3]))
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            try await library.setFaceBoxes(id, boxes, by: user, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func people(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The people in the photo have been saved. Approve the photo again when it is right.")) { library, user, id, _ in
            struct People: Content { var consent: [String]? }
            let chosen = ((try? req.content.decode(People.self))?.consent ?? []).compactMap(UUID.init(uuidString:))
            try await library.setPeople(id, consents: chosen, by: user, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func approve(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The photo is approved. Its public versions are being made.")) { library, user, id, _ in
            try await library.approve(id, by: user, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func delete(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The image has been deleted."), action: .delete) { library, user, id, _ in
            try await library.deleteAsset(id, by: user, origin: req.auditOrigin, on: req.db)
        }
    }
}
