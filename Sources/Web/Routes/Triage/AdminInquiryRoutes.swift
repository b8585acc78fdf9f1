import Accounts
import Core
import Fluent
import Foundation
import HTTPSupport
import Markup
import Portal
import Vapor

/// `/admin/inquiries`: the coordinators' triage. The queue shows what their region grants
/// reach; each inquiry opens through `authorize` (audited), and each action is a form post
/// carrying the version the page showed, so two coordinators acting at once cannot both win:
/// the second is told who did what. Staff without a standing grant may open one by giving a
/// reason (emergency access).
public struct AdminInquiryRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let inquiries = routes.grouped("admin", "inquiries")
        inquiries.get(use: queue)
        inquiries.get(":inquiry", use: show)
        inquiries.post(":inquiry", "emergency", use: emergency)
        inquiries.get(":inquiry", "files", ":upload", use: file)
        for action in ["reply", "note", "assign", "status", "convert"] {
            inquiries.post(":inquiry", .constant(action), use: { req in try await act(req, action) })
        }
    }

    struct QueueQuery: Content {
        var status: String?
        var country: String?
        var language: String?
        var method: String?
        var min_age: String?
        var max_age: String?
        var sort: String?
        var after: String?
    }

    struct ActionForm: Content {
        var version: Int?
        var body: String?
        var surgeon: String?
        var to: String?
        var duplicate_of: String?
        var reason: String?
    }

    @Sendable
    func queue(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        let query = (try? req.query.decode(QueueQuery.self)) ?? QueueQuery()
        var filter = QueueFilter()
        if let status = query.status.flatMap(InquiryStatus.init(rawValue:)) { filter.statuses = [status] }
        filter.region = query.country.flatMap { Countries.isKnown($0) ? $0 : nil }
        filter.language = query.language.flatMap { SiteLocale(rawValue: $0)?.rawValue }
        filter.method = query.method.flatMap(TreatmentMethod.init(rawValue:))
        filter.minimumAge = query.min_age.flatMap { Numerals.parseInteger($0) }.map { min(max($0, 0), 150) }
        filter.maximumAge = query.max_age.flatMap { Numerals.parseInteger($0) }.map { min(max($0, 0), 150) }
        filter.sort = query.sort.flatMap(QueueSort.init(rawValue:)) ?? .longestWaiting
        let inquiries = req.application.inquiries
        let page = try await inquiries.queue(filter, after: query.after, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        let locale = signedIn.user.siteLocale
        let regions = try await req.application.accounts.inquiryRegions(of: signedIn.accessActor, on: req.db)
        let countries = Countries.list(in: locale).filter { regions?.contains($0.code) ?? true }
        let kept: [(String, String?)] = [("status", query.status), ("country", filter.region), ("language", filter.language),
                                         ("method", filter.method?.rawValue), ("min_age", filter.minimumAge.map(String.init)),
                                         ("max_age", filter.maximumAge.map(String.init)), ("sort", filter.sort.rawValue)]
        let carried = kept.compactMap { name, value in value.map { "\(name)=\(PercentEncoding.queryValue($0))" } }.joined(separator: "&")
        return Response.html(AdminInquiriesPage(chrome: chrome(req, signedIn), filter: filter, query: carried, page: page, countries: countries))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        let id = try inquiryID(req)
        do {
            let opened = try await req.application.inquiries.open(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
            let notice = req.takeFlash().map { (kind: Alert.Kind.success, message: $0) }
            return Response.html(try await page(req, signedIn, opened, notice: notice))
        } catch let denied as AccessDenied {
            return try emergencyForm(req, signedIn, id, denied: denied)
        }
    }

    /// Opening an inquiry with a reason, for staff without a standing grant.
    @Sendable
    func emergency(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        let id = try inquiryID(req)
        let form = (try? req.content.decode(ActionForm.self)) ?? ActionForm()
        do {
            let opened = try await req.application.inquiries.open(id, by: signedIn.accessActor, emergencyReason: form.reason ?? "",
                                                                  origin: req.auditOrigin, on: req.db)
            let t = req.localizer(signedIn.user.siteLocale)
            return Response.html(try await page(req, signedIn, opened, notice: (.warning, t.t("You opened this inquiry under emergency access. Your reason is recorded, and the clinic's administrators have been told."))))
        } catch let denied as AccessDenied {
            return try emergencyForm(req, signedIn, id, denied: denied, tried: true)
        }
    }

    @Sendable
    func file(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        guard let upload = req.parameters.get("upload").flatMap(UUID.init(uuidString:)),
              let link = try await req.application.inquiries.fileLink(upload, of: try inquiryID(req), by: signedIn.accessActor,
                                                                      origin: req.auditOrigin, on: req.db) else {
            throw Abort(.notFound)
        }
        let response = req.redirect(to: link, redirectType: .normal)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func act(_ req: Request, _ name: String) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        let id = try inquiryID(req)
        let t = req.localizer(signedIn.user.siteLocale)
        let form = (try? req.content.decode(ActionForm.self)) ?? ActionForm()
        let inquiries = req.application.inquiries
        let version = form.version ?? -1
        var draft: (field: String, text: String)?
        do {
            let notice: String
            switch name {
            case "reply", "note":
                draft = (name, form.body ?? "")
                try await inquiries.act(name == "reply" ? .reply(form.body ?? "") : .note(form.body ?? ""), on: id, expectedVersion: version,
                                        by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
                notice = name == "reply" ? t.t("Your reply is sent. The patient is told by e-mail that there is one.") : t.t("Your note is added.")
            case "assign":
                guard let surgeon = form.surgeon.flatMap(UUID.init(uuidString:)) else {
                    throw InquiryError.invalid(ValidationFailure(["surgeon": msgid("Choose one of the clinic's surgeons.")]))
                }
                try await inquiries.act(.assign(surgeonID: surgeon), on: id, expectedVersion: version, by: signedIn.accessActor,
                                        origin: req.auditOrigin, on: req.db)
                notice = t.t("The surgeon is assigned.")
            case "convert":
                let patientCase = try await inquiries.convert(id, expectedVersion: version, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
                req.setFlash(t.t("The case is open. The surgeon can now open the patient's record."))
                return req.seeOther("/admin/cases/\(try patientCase.requireID().uuidString.lowercased())")
            default:
                let action: TriageAction
                switch form.to {
                case "spam": action = .markSpam
                case "close": action = .close
                case "reopen": action = .reopen
                case "duplicate":
                    draft = ("duplicate", form.duplicate_of ?? "")
                    action = .markDuplicate(of: form.duplicate_of ?? "")
                default: throw Abort(.badRequest)
                }
                try await inquiries.act(action, on: id, expectedVersion: version, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
                notice = t.t("The inquiry's status is changed.")
            }
            req.setFlash(notice)
            return req.seeOther("/admin/inquiries/\(id.uuidString.lowercased())")
        } catch let conflict as TriageConflict {
            let opened = try await inquiries.open(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
            let message = t.t("While you were working, {name} {action} at {time}. The inquiry below is as it is now: check it, then try again.", [
                "name": conflict.actorName.isEmpty ? t.t("a colleague") : conflict.actorName, "action": TriageLabels.action(conflict.action, t),
                "time": DateFormatting.string(from: conflict.at, style: .time, locale: t.locale, timeZone: signedIn.timeZone),
            ])
            return Response.html(try await page(req, signedIn, opened, notice: (.warning, message), draft: draft), status: .conflict)
        } catch InquiryError.invalid(let failure) {
            let opened = try await inquiries.open(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
            return Response.html(try await page(req, signedIn, opened, notice: (.error, t.t(failure.messageKey)),
                                                errors: failure.fields.mapValues { t.t($0) }, draft: draft), status: .unprocessableEntity)
        }
    }

    private func page(_ req: Request, _ signedIn: SignedIn, _ opened: Inquiries.Opened, notice: (kind: Alert.Kind, message: String)?,
                      errors: [String: String] = [:], draft: (field: String, text: String)? = nil) async throws -> AdminInquiryPage {
        let inquiries = req.application.inquiries
        let record = opened.details.record
        let t = req.localizer(signedIn.user.siteLocale)
        let messages = try await inquiries.thread(of: opened, by: signedIn.accessActor, on: req.db)
        let surgeons = try await req.application.accounts.surgeons(on: req.db)
        let authorIDs = Set(messages.compactMap(\.authorID))
        let authors = authorIDs.isEmpty ? [] : try await UserRecord.query(on: req.db).filter(\.$id ~~ authorIDs).all()
        func name(_ user: UserRecord) -> String { [user.firstName, user.lastName].filter { !$0.isEmpty }.joined(separator: " ") }
        let names = Dictionary(uniqueKeysWithValues: (authors + surgeons).compactMap { user in user.id.map { ($0, name(user)) } })
        return AdminInquiryPage(
            chrome: chrome(req, signedIn), csrfToken: req.csrfToken(), opened: opened,
            thread: messages.map { message in
                .init(kind: message.kind, author: message.authorID.flatMap { names[$0] } ?? (message.kind == .patient ? opened.details.name : t.t("Former staff member")),
                      at: DateFormatting.string(from: message.createdAt, style: .dateTime, locale: t.locale, timeZone: signedIn.timeZone),
                      body: message.body)
            },
            duplicates: try await inquiries.possibleDuplicates(of: opened.details, by: signedIn.accessActor, on: req.db),
            surgeons: surgeons.compactMap { user in user.id.map { ($0.uuidString.lowercased(), name(user)) } },
            surgeonName: record.surgeonID.flatMap { names[$0] }, notice: notice, errors: errors, draft: draft, timeZone: signedIn.timeZone)
    }

    /// Refused: staff who may take emergency access are offered it, with the reason asked.
    private func emergencyForm(_ req: Request, _ signedIn: SignedIn, _ id: UUID, denied: AccessDenied, tried: Bool = false) throws -> Response {
        let role = signedIn.user.accountRole
        guard signedIn.session.secondFactor, [.surgeon, .coordinator, .admin].contains(role) else { throw denied }
        let t = req.localizer(signedIn.user.siteLocale)
        return Response.html(AccountFormPage(
            chrome: chrome(req, signedIn), title: t.t("You have no standing access to this inquiry"),
            paragraphs: [t.t("If you must open it now, give the reason. It is recorded with your name, the clinic's administrators are told, and the patient will see that their record was opened in an emergency.")],
            form: .init(action: SafeURL.path("admin", "inquiries", id.uuidString.lowercased(), "emergency"), csrfToken: req.csrfToken(),
                        fields: [FormField(name: "reason", label: t.t("Reason"), control: .multiline(rows: 3),
                                           hint: t.t("Between 10 and 500 characters."),
                                           error: tried ? t.t("Give a reason of 10 to 500 characters.") : nil, isRequired: true)],
                        errors: tried ? ["reason": t.t("Give a reason of 10 to 500 characters.")] : [:],
                        submitLabel: t.t("Open under emergency access"))
        ), status: .forbidden)
    }

    private func inquiryID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("inquiry").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        return id
    }

    private func chrome(_ req: Request, _ signedIn: SignedIn) -> PageChrome {
        PageChrome(localizer: req.localizer(signedIn.user.siteLocale), context: req.webContext, alternates: [:], indexable: false)
    }
}
