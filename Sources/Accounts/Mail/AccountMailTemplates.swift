import Core
import Foundation
import Mail

/// The messages accounts send. Link tokens wait in the mail job sealed with the field-encryption
/// key, so the jobs table holds no usable token either; the template opens them when it renders.
public enum AccountMailTemplates {
    public static func all(encryption: FieldEncryption) -> [any MailTemplate] {
        [VerifyEmailMail(encryption: encryption), ResetPasswordMail(encryption: encryption), SignUpExistingMail(), SignInBlockedMail(), InvitationMail(encryption: encryption)]
    }

    static let tokenContext = "mail-token"
    static let footer = msgid("This is an automated message. Replies to this address are not read.")

    static func greeting(_ parameters: [String: String], _ t: Localizer) -> String? {
        parameters["first_name"].map { t.t("Hello {name},", ["name": $0]) }
    }

    static func token(_ parameters: [String: String], template: String, encryption: FieldEncryption) throws -> String {
        guard let sealed = parameters["token"] else { throw MailTemplateError.missingParameter(template: template, name: "token") }
        return try encryption.openString(sealed, context: tokenContext)
    }

    static func link(_ path: String, token: String, locale: SiteLocale, links: MailLinks) -> URL {
        links.url("/\(locale.rawValue)/account/\(path)?token=\(token)")
    }
}

/// Sent after sign-up (and again on request): confirms the address belongs to the person.
struct VerifyEmailMail: MailTemplate {
    static let name = "account.verify-email"
    var name: String { Self.name }
    let encryption: FieldEncryption

    func content(parameters: [String: String], localizer t: Localizer, links: MailLinks) throws -> MailContent {
        let token = try AccountMailTemplates.token(parameters, template: name, encryption: encryption)
        return MailContent(
            subject: t.t("Confirm your e-mail address"),
            greeting: AccountMailTemplates.greeting(parameters, t),
            paragraphs: [
                t.t("Please confirm that this is your e-mail address, so that we can send you messages about your care."),
                t.t("The link works once and for 48 hours. If you did not create an account with Hills Clinic, you can ignore this message."),
            ],
            action: MailAction(label: t.t("Confirm my e-mail address"),
                               url: AccountMailTemplates.link("verify-email", token: token, locale: t.locale, links: links)),
            footer: t.t(AccountMailTemplates.footer)
        )
    }
}

/// Sent when someone asks to reset the password of an existing account.
struct ResetPasswordMail: MailTemplate {
    static let name = "account.reset-password"
    var name: String { Self.name }
    let encryption: FieldEncryption

    func content(parameters: [String: String], localizer t: Localizer, links: MailLinks) throws -> MailContent {
        let token = try AccountMailTemplates.token(parameters, template: name, encryption: encryption)
        return MailContent(
            subject: t.t("Reset your password"),
            greeting: AccountMailTemplates.greeting(parameters, t),
            paragraphs: [
                t.t("Someone asked to reset the password of your Hills Clinic account. If it was you, choose a new password with the link below."),
                t.t("The link works once and for one hour. If you did not ask, you can ignore this message: your password stays as it is."),
            ],
            action: MailAction(label: t.t("Choose a new password"),
                               url: AccountMailTemplates.link("password/reset", token: token, locale: t.locale, links: links)),
            footer: t.t(AccountMailTemplates.footer)
        )
    }
}

/// Sent instead of a second account when someone signs up with an address that already has one:
/// the page says the same in both cases, so it cannot be used to find out who is a patient.
struct SignUpExistingMail: MailTemplate {
    static let name = "account.sign-up-existing"
    var name: String { Self.name }

    func content(parameters: [String: String], localizer t: Localizer, links: MailLinks) throws -> MailContent {
        MailContent(
            subject: t.t("You already have an account"),
            greeting: AccountMailTemplates.greeting(parameters, t),
            paragraphs: [
                t.t("Someone tried to create a Hills Clinic account with this e-mail address, but you already have one."),
                t.t("If it was you, sign in instead. If you have forgotten your password, you can reset it on the sign-in page. If it was not you, you can ignore this message."),
            ],
            action: MailAction(label: t.t("Sign in"), url: links.url("/\(t.locale.rawValue)/account/sign-in")),
            footer: t.t(AccountMailTemplates.footer)
        )
    }
}

/// Sent when repeated wrong passwords for the account from one place start a lockout there.
struct SignInBlockedMail: MailTemplate {
    static let name = "account.sign-in-blocked"
    var name: String { Self.name }

    func content(parameters: [String: String], localizer t: Localizer, links: MailLinks) throws -> MailContent {
        MailContent(
            subject: t.t("Sign-in attempts to your account were stopped"),
            greeting: AccountMailTemplates.greeting(parameters, t),
            paragraphs: [
                t.t("Someone entered a wrong password for your Hills Clinic account several times in a row, so we stopped further attempts from that place for 15 minutes."),
                t.t("If it was you, wait a little or reset your password. If it was not you, nobody got in; choosing a new password keeps it that way."),
            ],
            action: MailAction(label: t.t("Reset my password"), url: links.url("/\(t.locale.rawValue)/account/password/forgot")),
            footer: t.t(AccountMailTemplates.footer)
        )
    }
}

/// Sent to staff an admin invited: the link sets their first password.
struct InvitationMail: MailTemplate {
    static let name = "account.invitation"
    var name: String { Self.name }
    let encryption: FieldEncryption

    func content(parameters: [String: String], localizer t: Localizer, links: MailLinks) throws -> MailContent {
        let token = try AccountMailTemplates.token(parameters, template: name, encryption: encryption)
        return MailContent(
            subject: t.t("You are invited to Health Connect at Hills Clinic"),
            greeting: AccountMailTemplates.greeting(parameters, t),
            paragraphs: [
                t.t("An administrator at Hills Clinic has opened a staff account for you. Choose your password with the link below."),
                t.t("The link works once and for seven days. After signing in, turn on two-step sign-in: staff need it before they can see patient information."),
            ],
            action: MailAction(label: t.t("Choose a password"),
                               url: AccountMailTemplates.link("password/reset", token: token, locale: t.locale, links: links)),
            footer: t.t(AccountMailTemplates.footer)
        )
    }
}
