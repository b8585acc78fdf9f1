import Accounts
import Core
import FluentKit
import Foundation
import Mail

/// The messages the inquiry sends. None says anything medical: what the patient wrote stays
/// behind the portal's sign-in, and the mail only says that something is there.
public struct InquiryMail: MailTemplate {
    public let name: String
    let subject: String
    let paragraphs: [String]
    let actionLabel: String
    /// The action's path under `/{locale}/`; a link token is appended when the mail carries one.
    let path: String
    let encryption: FieldEncryption?

    public func content(parameters: [String: String], localizer t: Localizer, links: MailLinks) throws -> MailContent {
        var url = links.url("/\(t.locale.rawValue)/\(path)")
        if let encryption {
            guard let sealed = parameters["token"] else { throw MailTemplateError.missingParameter(template: name, name: "token") }
            url = links.url("/\(t.locale.rawValue)/\(path)?token=\(try encryption.openString(sealed, context: Self.tokenContext))")
        }
        let values = ["reference": parameters["reference"] ?? ""]
        return MailContent(
            subject: t.t(subject, values),
            greeting: parameters["first_name"].map { t.t("Hello {name},", ["name": $0]) },
            paragraphs: paragraphs.map { t.t($0, values) },
            action: MailAction(label: t.t(actionLabel), url: url),
            footer: t.t("This is an automated message. Replies to this address are not read.")
        )
    }

    static let tokenContext = "inquiry-mail-token"

    public static func all(encryption: FieldEncryption) -> [any MailTemplate] {
        [received(encryption), receivedSignedIn, reply(encryption), replySignedIn]
    }

    /// After an inquiry from someone without an account: the link opens one tied to it.
    static func received(_ encryption: FieldEncryption?) -> InquiryMail {
        InquiryMail(
            name: "inquiry.received", subject: msgid("We have received your inquiry {reference}"),
            paragraphs: [
                msgid("Thank you for writing to Hills Clinic. A patient coordinator will read your inquiry {reference} and answer you in your account on our website."),
                msgid("This message does not repeat anything you told us about your health. To read our answer and send more files, create your account with the button below; the link works for 14 days."),
            ],
            actionLabel: msgid("Create your account"), path: "inquiry/account", encryption: encryption)
    }

    /// After an inquiry sent while signed in.
    static let receivedSignedIn = InquiryMail(
        name: "inquiry.received-signed-in", subject: msgid("We have received your inquiry {reference}"),
        paragraphs: [
            msgid("Thank you for writing to Hills Clinic. A patient coordinator will read your inquiry {reference} and answer you in your account on our website."),
            msgid("This message does not repeat anything you told us about your health. Sign in to read our answer and send more files."),
        ],
        actionLabel: msgid("Open your inquiries"), path: "account/inquiries", encryption: nil)
}

extension Inquiries {
    /// Queues the confirmation in the patient's language, in the caller's transaction; its
    /// Message-ID comes from the inquiry, so the queue sends it once however often this runs.
    func sendConfirmation(_ record: InquiryRecord, name: String, to email: String, claimToken: String?, on database: any Database) async throws {
        let firstName = name.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? name
        var parameters = ["first_name": firstName, "reference": record.reference]
        if let claimToken { parameters["token"] = try encryption.seal(claimToken, context: InquiryMail.tokenContext) }
        let template = claimToken == nil ? InquiryMail.receivedSignedIn.name : InquiryMail.received(nil).name
        try await SendMailJob.enqueue(MailRequest(
            template: template, locale: SiteLocale(rawValue: record.language) ?? .fallback,
            to: MailAddress.unchecked(address: email, name: firstName), parameters: parameters,
            messageID: "<inquiry.\(try record.requireID().uuidString.lowercased())@\(mailDomain)>"
        ), on: database)
    }
}

extension InquiryMail {
    /// A coordinator replied: the mail says only that, with the way to read it.
    static func reply(_ encryption: FieldEncryption?) -> InquiryMail {
        InquiryMail(
            name: "inquiry.reply", subject: msgid("A reply to your inquiry {reference}"),
            paragraphs: [
                msgid("A patient coordinator at Hills Clinic has replied to your inquiry {reference}."),
                msgid("For your privacy the reply is not in this message. Create your account with the button below to read it; the link works for 14 days."),
            ],
            actionLabel: msgid("Read the reply"), path: "inquiry/account", encryption: encryption)
    }

    static let replySignedIn = InquiryMail(
        name: "inquiry.reply-signed-in", subject: msgid("A reply to your inquiry {reference}"),
        paragraphs: [
            msgid("A patient coordinator at Hills Clinic has replied to your inquiry {reference}."),
            msgid("For your privacy the reply is not in this message. Sign in to read it."),
        ],
        actionLabel: msgid("Read the reply"), path: "account/inquiries", encryption: nil)
}

extension Inquiries {
    /// Tells the patient there is a reply, in their language; when they have no account yet,
    /// with a new link that opens one (the earlier link stops working).
    func sendReplyNotice(_ record: InquiryRecord, claimToken: String?, on database: any Database) async throws {
        let details = try details(of: record)
        let firstName = (record.isMinor ? details.guardianName ?? details.name : details.name)
            .split(whereSeparator: \.isWhitespace).first.map(String.init) ?? details.name
        var parameters = ["first_name": firstName, "reference": record.reference]
        if let claimToken { parameters["token"] = try encryption.seal(claimToken, context: InquiryMail.tokenContext) }
        var address = details.email
        if let patientID = record.patientID, let patient = try await UserRecord.find(patientID, on: database) { address = patient.email }
        try await SendMailJob.enqueue(MailRequest(
            template: claimToken == nil ? InquiryMail.replySignedIn.name : InquiryMail.reply(nil).name,
            locale: SiteLocale(rawValue: record.language) ?? .fallback,
            to: MailAddress.unchecked(address: address, name: firstName), parameters: parameters,
            messageID: MailMessage.newMessageID(domain: mailDomain)
        ), on: database)
    }
}
