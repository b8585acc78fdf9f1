import Core
import Foundation

/// Whether, and how, an asset may be shown on a public page.
public enum MediaPublication: Sendable, Equatable {
    /// Public, faces covered unless everyone in it allows theirs to be shown; in these locales
    /// (nil: every locale).
    case allowed(covered: Bool, locales: Set<SiteLocale>?)
    case notApproved
    /// Someone in it has not allowed publication: no consent, withdrawn, expired, or internal only.
    case noConsent

    /// Decided from the asset's review and the consents of the people in it, at `now`.
    public init(asset: MediaAssetRecord, consents: [ConsentRecord], now: Date) {
        guard asset.reviewState == .approved else {
            self = .notApproved
            return
        }
        let levels = consents.map { $0.level(at: now) }
        guard levels.allSatisfy(\.allowsPublication) else {
            self = .noConsent
            return
        }
        var locales: Set<SiteLocale>?
        for consent in consents where !consent.storedLocales.isEmpty {
            locales = (locales ?? Set(SiteLocale.allCases)).intersection(consent.locales)
        }
        if locales?.isEmpty == true {
            self = .noConsent
            return
        }
        // Faces with nobody declared are strangers' faces: covered.
        let everyoneShowsFace = !consents.isEmpty && levels.allSatisfy { $0 == .publicWithFace }
        self = .allowed(covered: !everyoneShowsFace, locales: locales)
    }

    public func allows(_ locale: SiteLocale) -> Bool {
        guard case .allowed(_, let locales) = self else { return false }
        return locales?.contains(locale) ?? true
    }

    var covered: Bool? {
        guard case .allowed(let covered, _) = self else { return nil }
        return covered
    }

    /// Why an editor cannot place the asset on a public page, in plain words; nil when they can.
    public var refusalKey: String? {
        switch self {
        case .allowed: nil
        case .notApproved: msgid("This photo has not been reviewed yet: check its faces and the people in it, then approve it.")
        case .noConsent: msgid("Someone in this photo has not consented to its publication, or their consent was withdrawn or has expired.")
        }
    }
}
