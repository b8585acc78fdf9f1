import Accounts
import Core
import Fluent
import Foundation
import HTTPSupport
import Markup
import Media
import Vapor

/// `/admin/media/consents`: the consents of the people in the library's photos, recorded by hand
/// from the signed form until patients sign in the portal, and withdrawn the moment a person asks.
struct AdminConsentRoutes: Sendable {
    /// The consent form's fields, read from its multipart body (the signed form comes with them).
    struct ConsentForm: Sendable {
        var subject: String?
        var email: String?
        var name: String?
        var level: String?
        var locales: [String]?
        var expires: String?
        var evidence: String?

        init() {}

        /// Each language is its own checkbox (`locale-ar`): a streamed form keeps one value per name.
        init(fields: [String: String]) {
            subject = fields["subject"]
            email = fields["email"]
            name = fields["name"]
            level = fields["level"]
            locales = SiteLocale.allCases.map(\.rawValue).filter { fields["locale-" + $0] != nil }
            expires = fields["expires"]
            evidence = fields["evidence"]
        }
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        guard let (signedIn, t) = AdminMediaRoutes.staff(req) else { return req.redirectToSignIn(req.preferredLocale) }
        return Response.html(try await page(req, signedIn, t, form: ConsentForm(), errors: [:], notice: req.takeFlash()))
    }

    func page(_ req: Request, _ signedIn: SignedIn, _ t: Localizer, form: ConsentForm, errors: [String: String],
              notice: String? = nil) async throws -> AdminConsentsPage {
        let consents = try await req.application.mediaAccess.consents(by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        let ids = Set(consents.compactMap(\.subjectUserID) + consents.map(\.recordedBy))
        let users = ids.isEmpty ? [] : try await UserRecord.query(on: req.db).filter(\.$id ~~ ids).all()
        let forms = Set(consents.compactMap(\.evidenceUploadID))
        let evidence = forms.isEmpty ? [] : try await UploadRecord.query(on: req.db).filter(\.$id ~~ forms).all()
        return AdminConsentsPage(chrome: AdminMediaRoutes.chrome(req, t), consents: consents,
                                 people: Dictionary(uniqueKeysWithValues: users.compactMap { user in user.id.map { ($0, user) } }),
                                 evidence: Dictionary(uniqueKeysWithValues: evidence.compactMap { record in record.id.map { ($0, record) } }),
                                 form: form, csrfToken: req.csrfToken(), errors: errors, notice: notice)
    }

    @Sendable
    func record(req: Request) async throws -> Response {
        guard let (signedIn, t) = AdminMediaRoutes.staff(req) else { return req.redirectToSignIn(req.preferredLocale) }
        let sender = UploadAccess.Sender.library(signedIn.accessActor, userID: signedIn.userID)
        let (fields, received) = try await req.receiveUploads(sender: { _ in sender })
        let form = ConsentForm(fields: fields)
        let evidence = received.accepted.first
        do {
            if let refused = received.refused.first {
                throw ValidationFailure(["evidence": refused.refusal.message])
            }
            let subject: ConsentSubject
            if form.subject == "account" {
                guard let user = try await req.application.accounts.user(withEmail: form.email ?? "", on: req.db), let id = user.id else {
                    throw ValidationFailure(["email": msgid("No account has this e-mail address. Check it, or record the consent for a named person.")])
                }
                subject = .account(id)
            } else {
                subject = .person(name: form.name ?? "")
            }
            guard let level = form.level.flatMap(PhotoConsentLevel.init(rawValue:)) else {
                throw ValidationFailure(["level": msgid("Choose what the person allows.")])
            }
            var expires: Date?
            if let text = form.expires?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard let date = Self.day(Numerals.westernized(text)) else { throw ValidationFailure(["expires": msgid("Enter the date as year, month and day, such as 2027-06-30.")]) }
                expires = date
            }
            let terms = ConsentTerms(photoLevel: level, locales: (form.locales ?? []).compactMap(SiteLocale.init(rawValue:)), expiresAt: expires,
                                     evidenceUpload: try evidence?.requireID(), evidenceReference: form.evidence)
            _ = try await req.application.mediaAccess.change(by: signedIn.accessActor, origin: req.auditOrigin, on: req.db) { library, user in
                try await library.recordConsent(for: subject, terms, by: user, origin: req.auditOrigin, on: req.db)
            }
        } catch {
            // A file from a form that was not recorded would belong to nothing: it goes, and is chosen again.
            try await discard(received.accepted, req, signedIn)
            guard let failure = error as? ValidationFailure else { throw error }
            return Response.html(try await page(req, signedIn, t, form: form, errors: failure.fields.mapValues { t.t($0) }), status: .unprocessableEntity)
        }
        // One signed form per consent: any other file sent with it is not kept.
        try await discard(received.accepted.dropFirst(), req, signedIn)
        req.setFlash(t.t("The consent has been recorded."))
        return req.seeOther("/admin/media/consents")
    }

    private func discard(_ uploads: some Sequence<UploadRecord>, _ req: Request, _ signedIn: SignedIn) async throws {
        for record in uploads {
            try await req.application.uploads.delete(record, by: signedIn.accessActor.auditActor, origin: req.auditOrigin, on: req.db)
        }
    }

    /// The end of the given day in UTC: a consent "until 30 June" holds all that day.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2] + 1)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date.addingTimeInterval(-1)) == parts[2] else { return nil }
        return date
    }

    /// The signed form of a consent, through a short-lived link once it is scanned clean.
    @Sendable
    func evidence(req: Request) async throws -> Response {
        guard let (signedIn, t) = AdminMediaRoutes.staff(req) else { return req.redirectToSignIn(req.preferredLocale) }
        guard let id = req.parameters.get("consent").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        guard let link = try await req.application.mediaAccess.evidenceLink(of: id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db) else {
            req.setFlash(t.t("The signed form is still being checked for viruses. Try again in a minute."))
            return req.seeOther("/admin/media/consents")
        }
        let response = req.seeOther(link)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable
    func withdraw(req: Request) async throws -> Response {
        guard let (signedIn, t) = AdminMediaRoutes.staff(req) else { return req.redirectToSignIn(req.preferredLocale) }
        guard let id = req.parameters.get("consent").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        try await req.application.mediaAccess.change(by: signedIn.accessActor, origin: req.auditOrigin, on: req.db) { library, user in
            try await library.withdrawConsent(id, by: user, origin: req.auditOrigin, on: req.db)
        }
        req.setFlash(t.t("The consent is withdrawn. Its photos are being taken off the public site."))
        return req.seeOther("/admin/media/consents")
    }
}
