import Core
import Crypto
import Foundation

/// The privacy notice the inquiry form shows beside its consent box, one text per language
/// (`Resources/Legal/inquiry-privacy/<locale>.txt`, the version in `VERSION`). A consent records
/// the version and the SHA-256 of the exact text shown, so what the patient agreed to can be
/// proved later. The CMS's versioned legal pages take this over.
public struct PrivacyNotice: Sendable {
    public struct Text: Sendable {
        public let paragraphs: [String]
        /// Lower-case hex SHA-256 of the file's bytes.
        public let sha256: String
    }

    public let version: String
    let texts: [SiteLocale: Text]

    public init(version: String, texts: [SiteLocale: Text]) {
        self.version = version
        self.texts = texts
    }

    /// Reads every locale's text; a missing one is an error at start-up, never a form without its notice.
    public static func load(from folder: URL) throws -> PrivacyNotice {
        let version = try String(contentsOf: folder.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var texts: [SiteLocale: Text] = [:]
        for locale in SiteLocale.allCases {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(locale.rawValue).txt"))
            let paragraphs = String(decoding: data, as: UTF8.self).components(separatedBy: "\n\n")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            texts[locale] = Text(paragraphs: paragraphs, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
        }
        return PrivacyNotice(version: version, texts: texts)
    }

    public func text(in locale: SiteLocale) -> Text {
        texts[locale] ?? texts[.fallback] ?? Text(paragraphs: [], sha256: "")
    }
}
