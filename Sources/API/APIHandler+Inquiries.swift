import Accounts
import Core
import Foundation
import HTTPSupport
import Media
import OpenAPIRuntime
import Portal
import Vapor

/// The inquiry operations: the same Portal functions, rules and audit events as the HTML faces.
extension APIHandler {
    func createInquiry(_ input: Operations.CreateInquiry.Input) async throws -> Operations.CreateInquiry.Output {
        let req = try APIRequestContext.current()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        // A patient's token ties the inquiry to their account; without one it is a visitor's.
        var actor = AccessActor.anonymous
        if req.headers.first(name: .authorization) != nil { actor = try await req.apiPrincipal().accessActor }
        var form = InquiryForm()
        form.name = body.name
        form.email = body.email
        form.country = body.country
        form.phoneCountry = body.phoneCountry ?? ""
        form.phone = body.phone ?? ""
        form.whatsapp = body.whatsapp ?? false
        form.language = body.language.rawValue
        form.age = String(body.age)
        form.isMinor = body.isMinor ?? false
        form.guardianName = body.guardianName ?? ""
        form.guardianRelationship = body.guardianRelationship?.rawValue ?? ""
        form.heightGoal = body.heightGoal ?? ""
        form.method = body.method?.rawValue ?? ""
        form.message = body.message ?? ""
        form.consent = true
        form.timeZone = body.timeZone ?? ""
        let key = input.headers.idempotencyKey
        guard (8...200).contains(key.utf8.count) else {
            throw InquiryError.invalid(ValidationFailure(["idempotency_key": msgid("Send an Idempotency-Key header of 8 to 200 characters.")]))
        }
        let submission = try await req.application.inquiries.submit(
            form, key: .api(key), consentVersion: body.consentVersion, locale: SiteLocale(rawValue: body.noticeLocale.rawValue) ?? .fallback,
            shownAt: nil, network: Accounts.networkKey(req.clientAddress?.description), by: actor, origin: req.auditOrigin, on: req.db)
        let record = submission.inquiry
        return .created(.init(headers: .init(idempotentReplayed: submission.replayed), body: .json(.init(
            id: try record.requireID().uuidString.lowercased(), reference: record.reference,
            status: .init(rawValue: record.status.rawValue) ?? .new, createdAt: record.createdAt))))
    }

    func listInquiries(_ input: Operations.ListInquiries.Input) async throws -> Operations.ListInquiries.Output {
        let req = try APIRequestContext.current()
        let principal = try await req.apiPrincipal()
        var filter = QueueFilter()
        let query = input.query
        // The generated server checks types, not bounds: these are the schema's.
        let ages = [query.minAge, query.maxAge].compactMap { $0 }
        guard ages.allSatisfy({ (0...150).contains($0) }), (query.limit.map { (1...100).contains($0) } ?? true),
              (query.country.map { $0.count == 2 && $0.allSatisfy { ("A"..."Z").contains($0) } } ?? true),
              (query.cursor?.utf8.count ?? 0) <= 100 else {
            throw Abort(.badRequest)
        }
        if let status = query.status.flatMap({ InquiryStatus(rawValue: $0.rawValue) }) { filter.statuses = [status] }
        filter.region = query.country
        filter.language = query.language?.rawValue
        filter.method = query.method.flatMap { TreatmentMethod(rawValue: $0.rawValue) }
        filter.minimumAge = query.minAge
        filter.maximumAge = query.maxAge
        filter.sort = query.sort.flatMap { QueueSort(rawValue: $0.rawValue) } ?? .longestWaiting
        let page = try await req.application.inquiries.queue(filter, after: query.cursor, limit: min(max(query.limit ?? 50, 1), 100),
                                                             by: principal.accessActor, origin: req.auditOrigin, on: req.db)
        return .ok(.init(body: .json(.init(items: try page.rows.map { try Self.summary($0.record, name: $0.name) }, nextCursor: page.nextCursor))))
    }

    func getPrivacyNotice(_ input: Operations.GetPrivacyNotice.Input) async throws -> Operations.GetPrivacyNotice.Output {
        let req = try APIRequestContext.current()
        let notice = req.application.inquiries.notice
        let locale = SiteLocale(rawValue: input.query.locale.rawValue) ?? .fallback
        let text = notice.text(in: locale)
        return .ok(.init(body: .json(.init(version: notice.version, locale: input.query.locale, paragraphs: text.paragraphs, sha256: text.sha256))))
    }

    func getInquiry(_ input: Operations.GetInquiry.Input) async throws -> Operations.GetInquiry.Output {
        let req = try APIRequestContext.current()
        let principal = try await req.apiPrincipal()
        return .ok(.init(body: .json(try await Self.detail(try Self.inquiryID(input.path.id), for: principal.accessActor, req))))
    }

    func replyToInquiry(_ input: Operations.ReplyToInquiry.Input) async throws -> Operations.ReplyToInquiry.Output {
        let req = try APIRequestContext.current()
        let principal = try await req.apiPrincipal()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let id = try Self.inquiryID(input.path.id)
        try await req.application.inquiries.act(body._internal == true ? .note(body.body) : .reply(body.body), on: id, expectedVersion: body.version,
                                                by: principal.accessActor, origin: req.auditOrigin, on: req.db)
        return .ok(.init(body: .json(try await Self.detail(id, for: principal.accessActor, req))))
    }

    func assignInquiry(_ input: Operations.AssignInquiry.Input) async throws -> Operations.AssignInquiry.Output {
        let req = try APIRequestContext.current()
        let principal = try await req.apiPrincipal()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let id = try Self.inquiryID(input.path.id)
        guard let surgeon = UUID(uuidString: body.surgeonId) else {
            throw InquiryError.invalid(ValidationFailure(["surgeon": msgid("Choose one of the clinic's surgeons.")]))
        }
        try await req.application.inquiries.act(.assign(surgeonID: surgeon), on: id, expectedVersion: body.version, by: principal.accessActor,
                                                origin: req.auditOrigin, on: req.db)
        return .ok(.init(body: .json(try await Self.detail(id, for: principal.accessActor, req))))
    }

    func convertInquiry(_ input: Operations.ConvertInquiry.Input) async throws -> Operations.ConvertInquiry.Output {
        let req = try APIRequestContext.current()
        let principal = try await req.apiPrincipal()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let patientCase = try await req.application.inquiries.convert(try Self.inquiryID(input.path.id), expectedVersion: body.version,
                                                                      by: principal.accessActor, origin: req.auditOrigin, on: req.db)
        return .created(.init(body: .json(.init(
            id: try patientCase.requireID().uuidString.lowercased(), reference: patientCase.reference,
            patientId: patientCase.patientID.uuidString.lowercased(), surgeonId: patientCase.surgeonID?.uuidString.lowercased(),
            region: patientCase.region, status: .init(rawValue: patientCase.status.rawValue) ?? .planning, createdAt: patientCase.createdAt))))
    }

    func listMyInquiries(_ input: Operations.ListMyInquiries.Input) async throws -> Operations.ListMyInquiries.Output {
        let req = try APIRequestContext.current()
        let principal = try await req.apiPrincipal()
        let records = try await req.application.inquiries.inquiries(of: try principal.user.requireID(), by: principal.accessActor,
                                                                    origin: req.auditOrigin, on: req.db)
        return .ok(.init(body: .json(.init(items: try records.map { try Self.summary($0, name: nil) }, nextCursor: nil))))
    }

    static func summary(_ record: InquiryRecord, name: String?) throws -> Components.Schemas.InquirySummary {
        .init(id: try record.requireID().uuidString.lowercased(), reference: record.reference, status: .init(rawValue: record.status.rawValue) ?? .new,
              name: name, region: record.region, language: .init(rawValue: record.language) ?? .en,
              method: .init(rawValue: record.method.rawValue) ?? .notSure, age: record.age, createdAt: record.createdAt,
              timeZone: record.timeZone, version: record.version)
    }

    /// An inquiry as `actor` may read it (opening it is authorised and audited).
    static func detail(_ id: UUID, for actor: AccessActor, _ req: Request) async throws -> Components.Schemas.InquiryDetail {
        let inquiries = req.application.inquiries
        let opened = try await inquiries.open(id, by: actor, previews: false, origin: req.auditOrigin, on: req.db)
        let messages = try await inquiries.thread(of: opened, by: actor, on: req.db)
        let details = opened.details
        return .init(
            inquiry: try summary(details.record, name: details.name), name: details.name, email: details.email, phone: details.phone,
            guardianName: details.guardianName, heightGoal: details.heightGoal, message: details.message,
            surgeonId: details.record.surgeonID?.uuidString.lowercased(),
            files: try opened.files.map(\.record).map { file in
                .init(id: try file.requireID().uuidString.lowercased(), name: file.displayName, kind: file.kind.rawValue, size: Int(file.byteCount),
                      state: .init(rawValue: file.state.rawValue) ?? .quarantined)
            },
            messages: messages.map { message in
                .init(id: message.id.uuidString.lowercased(), kind: .init(rawValue: message.kind.rawValue) ?? .reply, body: message.body,
                      createdAt: message.createdAt)
            })
    }

    static func inquiryID(_ raw: String) throws -> UUID {
        guard let id = UUID(uuidString: raw) else { throw InquiryError.notFound }
        return id
    }
}
