@testable import Accounts
@testable import App
import Core
import FluentKit
import Foundation
import Jobs
import Mail
import Testing
import TestSupport
import Vapor

@Suite("Account mail headers")
struct AccountMailAddressTests {
    @Test("account mail is addressed with the first name only, and an awkward name never stops it", arguments: TestDatabase.allCases)
    func firstNameOnly(database: TestDatabase) async throws {
        let address = TestSMTPServer.recipient()
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            _ = try await app.accounts.create(NewAccount(email: address, password: AccountFlowTests.password, firstName: "Sam <\"the\" one>",
                                                         lastName: "Haddad", locale: .en, role: .patient, emailVerified: true),
                                              by: .anonymous, on: app.db)
            try await app.accounts.requestPasswordReset(email: address, origin: .none, on: app.db)
            let job = try #require(try await JobRecord.query(on: app.db).filter(\.$kind == SendMailJob.kind).first())
            let request = try JSONDecoder().decode(MailRequest.self, from: Data(job.payload.utf8))
            #expect(request.to.name == "Sam <\"the\" one>" && !job.payload.contains("Haddad"))
            try await Inbox.deliver(app)
            let raw = try #require(try TestSMTPServer.received(by: address).first?.raw)
            let to = try #require(MIMEReader.unfoldedHeaders(raw)["To"])
            #expect(MIMEReader.decodeWords(String(to.dropLast(" <\(address)>".count))) == "Sam <\"the\" one>")
            #expect(!raw.contains("Haddad"))
        }
    }
}
