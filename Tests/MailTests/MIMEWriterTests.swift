import Core
import Foundation
@testable import Mail
import Testing
import TestSupport

@Suite("Writing messages (RFC 5322, MIME, RFC 2047)")
struct MIMEWriterTests {
    static func message(subject: String = "موعدك في عيادة هيلز: تأكيد الحجز والتعليمات قبل الزيارة",
                        name: String? = "سارة") -> MailMessage {
        MailMessage(from: MailAddress(address: "noreply@hills.example", name: "Hills Clinic")!,
                    to: MailAddress(address: "sara@example.org", name: name)!,
                    subject: subject, text: "مرحبًا سارة،\n.line starting with a dot\n", html: "<p>مرحبًا</p>",
                    messageID: "<abc@hills.example>", date: Date(timeIntervalSince1970: 1_795_000_000), language: .ar)
    }

    @Test("an Arabic subject and name become encoded words that decode back exactly")
    func encodedWords() {
        let raw = MIMEWriter.write(Self.message())
        let headers = MIMEReader.unfoldedHeaders(raw)
        #expect(MIMEReader.decodeWords(headers["Subject"]!) == Self.message().subject)
        #expect(headers["To"]!.hasSuffix("<sara@example.org>"))
        #expect(MIMEReader.decodeWords(String(headers["To"]!.dropLast(" <sara@example.org>".count))) == "سارة")
        for word in headers["Subject"]!.split(separator: " ") {
            #expect(word.count <= 75, "RFC 2047 caps an encoded word at 75 characters")
        }
    }

    @Test("every line is ASCII, ends in CRLF and stays within 78 characters")
    func lineDiscipline() {
        let raw = MIMEWriter.write(Self.message())
        let ascii = raw.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii)
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        for line in raw.components(separatedBy: "\r\n") {
            #expect(line.count <= 78, "\(line)")
        }
    }

    @Test("both bodies are UTF-8 and decode back; plain ASCII headers stay readable")
    func bodies() {
        let raw = MIMEWriter.write(Self.message(subject: "Your appointment", name: "Sara"), boundary: "b")
        let parts = MIMEReader.parts(raw)
        #expect(parts["text/plain"] == "مرحبًا سارة،\r\n.line starting with a dot\r\n")
        #expect(parts["text/html"] == "<p>مرحبًا</p>")
        let headers = MIMEReader.unfoldedHeaders(raw)
        #expect(headers["Subject"] == "Your appointment")
        #expect(headers["To"] == "Sara <sara@example.org>")
        #expect(headers["Date"] == "Wed, 18 Nov 2026 11:06:40 +0000")
        #expect(headers["Content-Language"] == "ar")
    }

    @Test("display names with punctuation are encoded rather than left to quoting rules")
    func punctuationInNames() {
        #expect(MIMEWriter.address(MailAddress(address: "r@hills.example", name: "Dr. Ruth, MD")!).hasPrefix("=?UTF-8?B?"))
    }

    @Test("a line starting with a dot gets a second one, so it cannot end the message early")
    func dotStuffing() {
        #expect(SMTPClient.dotStuffed("a\r\n.\r\n..b\r\nc") == "a\r\n..\r\n...b\r\nc\r\n")
    }
}
