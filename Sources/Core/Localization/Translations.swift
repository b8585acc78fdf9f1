import Foundation
import Logging
import Synchronization

/// The UI string catalogs of every shipped locale, loaded once at start.
///
/// A msgid is the English text itself, so English needs no catalog entry to read well, and a
/// missing translation falls back to English; each miss is logged once per process.
public final class Translations: Sendable {
    private let catalogs: [SiteLocale: POCatalog]
    private let logger: Logger
    private let reportedMisses = Mutex<Set<String>>([])

    public init(catalogs: [SiteLocale: POCatalog], logger: Logger = Logger(label: "healthconnect.i18n")) {
        self.catalogs = catalogs
        self.logger = logger
    }

    /// Loads `<locale>.po` for every locale from `directory`; a locale without a file, or a file that
    /// does not parse, is an error (a broken catalog must stop a deploy, not show English silently).
    public static func load(from directory: URL, logger: Logger = Logger(label: "healthconnect.i18n")) throws -> Translations {
        var catalogs: [SiteLocale: POCatalog] = [:]
        for locale in SiteLocale.allCases {
            let file = directory.appendingPathComponent("\(locale.rawValue).po")
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw CatalogLoadError(file: file.path, reason: "cannot be read")
            }
            do {
                catalogs[locale] = try POCatalog(parsing: text)
            } catch {
                throw CatalogLoadError(file: file.path, reason: error.description)
            }
        }
        return Translations(catalogs: catalogs, logger: logger)
    }

    /// The catalog of one locale, for checks and tools.
    public func catalog(for locale: SiteLocale) -> POCatalog? { catalogs[locale] }

    /// `msgid` in `locale`, falling back to the English msgid.
    public func translate(_ msgid: String, context: String? = nil, into locale: SiteLocale) -> String {
        if let forms = catalogs[locale]?.translations(of: msgid, context: context), !forms[0].isEmpty {
            return forms[0]
        }
        reportMiss(msgid, locale: locale)
        return msgid
    }

    /// The form of a plural message for `count` in `locale`, falling back to English rules.
    public func translatePlural(_ singular: String, _ plural: String, count: Int, into locale: SiteLocale) -> String {
        if let forms = catalogs[locale]?.translations(of: singular) {
            let index = PluralRule.forLocale(locale).index(for: count)
            if index < forms.count, !forms[index].isEmpty { return forms[index] }
        }
        reportMiss(singular, locale: locale)
        return PluralRule.forLocale(.en).index(for: count) == 0 ? singular : plural
    }

    private func reportMiss(_ msgid: String, locale: SiteLocale) {
        let key = "\(locale.rawValue)\u{1}\(msgid)"
        let isNew = reportedMisses.withLock { $0.insert(key).inserted }
        if isNew {
            logger.warning("missing translation", metadata: ["locale": .string(locale.rawValue), "msgid": .string(msgid)])
        }
    }
}

/// A catalog that is missing or malformed.
public struct CatalogLoadError: Error, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "translation catalog \(file): \(reason)" }
}

extension String {
    /// Replaces `{name}` placeholders with values, so translators can reorder them freely.
    public func filling(_ values: [String: String]) -> String {
        var result = self
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }
}
