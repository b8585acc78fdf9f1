import App
import Core
import Foundation
import Jobs
import Vapor

/// The test SMTP server as a patient's inbox.
public enum Inbox {
    public static func useSMTP(_ configuration: inout Configuration) {
        configuration.baseURL = URL(string: "https://hills.example")!
        configuration.mail = MailSettings(from: MailAddress(address: "noreply@hills.example", name: "Hills Clinic")!,
                                          transport: .smtp(try! TestSMTPServer.server(.startTLS)))
    }

    /// Runs the queued jobs (the mail among them) as a worker would.
    public static func deliver(_ app: Application) async throws {
        let worker = app.makeWorker()
        while try await worker.runOnce() {}
    }

    /// The messages `address` received: subject and plain-text body, decoded.
    public static func messages(to address: String) throws -> [(subject: String, text: String)] {
        try TestSMTPServer.received(by: address).map { mail in
            (MIMEReader.decodeWords(MIMEReader.unfoldedHeaders(mail.raw)["Subject"] ?? ""), MIMEReader.parts(mail.raw)["text/plain"] ?? "")
        }
    }

    /// The site-relative path of the first link to `marker` in `text` (`https://hills.example/…`).
    public static func link(in text: String, containing marker: String) throws -> String {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("https://hills.example/") && $0.contains(marker) }),
              let start = line.range(of: "https://hills.example") else {
            throw MissingLink(marker: marker, text: text)
        }
        return String(line[start.upperBound...].prefix { !$0.isWhitespace && $0 != ">" })
    }

    struct MissingLink: Error, CustomStringConvertible {
        let marker: String
        let text: String
        var description: String { "no link to \(marker) in:\n\(text)" }
    }
}
