import Core
import Foundation
import Mail

/// The messages accounts send, each a subject, two paragraphs and one action, all msgids.
///
/// Link tokens wait in the mail job sealed with the field-encryption key, so the jobs table holds
/// no usable token either; the template opens them when it renders.
public struct AccountMail: MailTemplate {
    public let name: String
    let subject: String
    let paragraphs: [String]
    let actionLabel: String
    /// The action's path under `/{locale}/account/`; a link token is appended when the mail carries one.
    let path: String
    let carriesToken: Bool
    let encryption: FieldEncryption?

    public func content(parameters: [String: String], localizer t: Localizer, links: MailLinks) throws -> MailContent {
        var url = links.url("/\(t.locale.rawValue)/account/\(path)")
        if carriesToken {
            guard let sealed = parameters["token"], let encryption else {
                throw MailTemplateError.missingParameter(template: name, name: "token")
            }
            let token = try encryption.openString(sealed, context: Self.tokenContext)
            url = links.url("/\(t.locale.rawValue)/account/\(path)?token=\(token)")
        }
        return MailContent(
            subject: t.t(subject),
            greeting: parameters["first_name"].map { t.t("Hello {name},", ["name": $0]) },
            paragraphs: paragraphs.map { t.t($0) },
            action: MailAction(label: t.t(actionLabel), url: url),
            footer: t.t("This is an automated message. Replies to this address are not read.")
        )
    }

    static let tokenContext = "mail-token"

    public static func all(encryption: FieldEncryption) -> [any MailTemplate] {
        [verifyEmail, resetPassword, invitation, patientInvitation, confirmNewEmail].map { $0.sealing(with: encryption) } + [signUpExisting, signInBlocked, secondFactorLocked, emailChanged, emergencyAccess]
    }

    private func sealing(with encryption: FieldEncryption) -> AccountMail {
        AccountMail(name: name, subject: subject, paragraphs: paragraphs, actionLabel: actionLabel, path: path,
                    carriesToken: carriesToken, encryption: encryption)
    }

    /// After sign-up (and again on request): confirms the address belongs to the person.
    static let verifyEmail = AccountMail(
        name: "account.verify-email", subject: msgid("Confirm your e-mail address"),
        paragraphs: [
            msgid("Please confirm that this is your e-mail address, so that we can send you messages about your care."),
            msgid("The link works once and for 48 hours. If you did not create an account with Hills Clinic, you can ignore this message."),
        ],
        actionLabel: msgid("Confirm my e-mail address"), path: "verify-email", carriesToken: true, encryption: nil)

    /// When someone asks to reset the password of an existing account.
    static let resetPassword = AccountMail(
        name: "account.reset-password", subject: msgid("Reset your password"),
        paragraphs: [
            msgid("Someone asked to reset the password of your Hills Clinic account. If it was you, choose a new password with the link below."),
            msgid("The link works once and for one hour. If you did not ask, you can ignore this message: your password stays as it is."),
        ],
        actionLabel: msgid("Choose a new password"), path: "password/reset", carriesToken: true, encryption: nil)

    /// To staff an admin invited: the link sets their first password.
    static let invitation = AccountMail(
        name: "account.invitation", subject: msgid("You are invited to Health Connect at Hills Clinic"),
        paragraphs: [
            msgid("An administrator at Hills Clinic has opened a staff account for you. Choose your password with the link below."),
            msgid("The link works once and for seven days. After signing in, turn on two-step sign-in: staff need it before they can see patient information."),
        ],
        actionLabel: msgid("Choose a password"), path: "password/reset", carriesToken: true, encryption: nil)

    /// To a patient whose inquiry became a case before they opened an account.
    static let patientInvitation = AccountMail(
        name: "account.patient-invitation", subject: msgid("Your case at Hills Clinic is open"),
        paragraphs: [
            msgid("Hills Clinic has opened a case for you. To follow it, read our messages and send documents, choose a password for your account with the link below."),
            msgid("The link works once and for seven days. This message does not repeat anything about your health."),
        ],
        actionLabel: msgid("Choose a password"), path: "password/reset", carriesToken: true, encryption: nil)

    /// Instead of a second account when someone signs up with an address that already has one:
    /// the page says the same in both cases, so it cannot be used to find out who is a patient.
    static let signUpExisting = AccountMail(
        name: "account.sign-up-existing", subject: msgid("You already have an account"),
        paragraphs: [
            msgid("Someone tried to create a Hills Clinic account with this e-mail address, but you already have one."),
            msgid("If it was you, sign in instead. If you have forgotten your password, you can reset it on the sign-in page. If it was not you, you can ignore this message."),
        ],
        actionLabel: msgid("Sign in"), path: "sign-in", carriesToken: false, encryption: nil)

    /// When repeated wrong passwords for the account from one place start a lockout there.
    static let signInBlocked = AccountMail(
        name: "account.sign-in-blocked", subject: msgid("Sign-in attempts to your account were stopped"),
        paragraphs: [
            msgid("Someone entered a wrong password for your Hills Clinic account several times in a row, so we stopped further attempts from that place for 15 minutes."),
            msgid("If it was you, wait a little or reset your password. If it was not you, nobody got in; choosing a new password keeps it that way."),
        ],
        actionLabel: msgid("Reset my password"), path: "password/forgot", carriesToken: false, encryption: nil)

    /// When wrong second-step codes lock the account's two-step sign-in: the password is known.
    static let secondFactorLocked = AccountMail(
        name: "account.second-factor-locked", subject: msgid("Wrong sign-in codes were entered for your account"),
        paragraphs: [
            msgid("Someone signed in to your Hills Clinic account with your password and then entered wrong codes several times, so we stopped sign-ins with a code for 15 minutes."),
            msgid("If it was not you, someone else knows your password: reset it now. Resetting it also lifts this stop."),
        ],
        actionLabel: msgid("Reset my password"), path: "password/forgot", carriesToken: false, encryption: nil)

    /// To every admin when a member of staff opens a record they have no grant for, giving a
    /// reason. Who and whose stay in the audit trail: a mail names no patient.
    static let emergencyAccess = AccountMail(
        name: "account.emergency-access", subject: msgid("A patient record was opened under emergency access"),
        paragraphs: [
            msgid("A member of staff without a standing grant opened a patient's record for one hour, giving a reason."),
            msgid("Who, whose record and the reason are in the audit trail (audit tail on the server). Check that the reason holds."),
        ],
        actionLabel: msgid("Sign in"), path: "sign-in", carriesToken: false, encryption: nil)

    /// To the new address of an address change: the link makes it the account's address.
    static let confirmNewEmail = AccountMail(
        name: "account.confirm-new-email", subject: msgid("Confirm your new e-mail address"),
        paragraphs: [
            msgid("You asked to use this e-mail address for your Hills Clinic account. Confirm it with the link below to make the change."),
            msgid("The link works once and for 24 hours. If you did not ask for this, you can ignore this message: nothing changes."),
        ],
        actionLabel: msgid("Confirm my new address"), path: "email/confirm", carriesToken: true, encryption: nil)

    /// To the old address after an address change, so a takeover does not go unnoticed.
    static let emailChanged = AccountMail(
        name: "account.email-changed", subject: msgid("The e-mail address of your account was changed"),
        paragraphs: [
            msgid("The e-mail address of your Hills Clinic account has just been changed, and messages now go to the new address."),
            msgid("If you did not do this, reset your password at once and contact the clinic."),
        ],
        actionLabel: msgid("Reset my password"), path: "password/forgot", carriesToken: false, encryption: nil)
}
