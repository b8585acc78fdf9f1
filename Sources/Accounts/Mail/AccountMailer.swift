import Core
import FluentKit
import Foundation
import Mail

extension Accounts {
    /// Queues one of the account messages to `user`, in their language, in the caller's
    /// transaction. `token` is sealed before it is stored in the job.
    /// - Parameter onceKey: when set, the Message-ID is derived from it, so the queue's idempotency
    ///   sends at most one message per key (one "you already have an account" per day, say).
    /// - Parameter address: another address than the account's (an address change writes to both).
    func sendMail(_ mail: AccountMail, to user: UserRecord, address override: String? = nil, token: String? = nil, onceKey: String? = nil,
                  on database: any Database) async throws {
        // The first name only, as in the body: a mail says nothing more about a patient.
        let address = MailAddress.unchecked(address: override ?? user.email, name: user.firstName)
        var parameters = ["first_name": user.firstName]
        if let token {
            parameters["token"] = try encryption.seal(token, context: AccountMail.tokenContext)
        }
        let messageID = onceKey.map { "<\($0)@\(mailDomain)>" } ?? MailMessage.newMessageID(domain: mailDomain)
        try await SendMailJob.enqueue(MailRequest(template: mail.name, locale: user.siteLocale, to: address,
                                                  parameters: parameters, messageID: messageID), on: database)
    }
}
