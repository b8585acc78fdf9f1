import Core
import Media

/// How the media library's states read, in the staff member's language.
enum MediaLabels {
    static func review(_ state: MediaReviewState, _ t: Localizer) -> String {
        switch state {
        case .unreviewed: t.t("Waiting for review")
        case .approved: t.t("Approved")
        }
    }

    static func publication(_ publication: MediaPublication, _ t: Localizer) -> String {
        switch publication {
        case .allowed(let covered, _): covered ? t.t("Can be published, faces covered") : t.t("Can be published, faces shown")
        case .notApproved: t.t("Not public: not reviewed yet")
        case .noConsent: t.t("Not public: consent missing")
        }
    }

    static func level(_ level: PhotoConsentLevel, _ t: Localizer) -> String {
        switch level {
        case .none: t.t("No use at all")
        case .internalOnly: t.t("Inside the clinic only")
        case .anonymised: t.t("Public, face covered")
        case .publicWithFace: t.t("Public, face shown")
        }
    }

    static func levelOptions(_ t: Localizer) -> [(value: String, label: String)] {
        PhotoConsentLevel.allCases.map { ($0.rawValue, level($0, t)) }
    }

    /// The locales a consent or a publication allows, by their own names; nil is every locale.
    static func locales(_ locales: Set<SiteLocale>?, _ t: Localizer) -> String {
        guard let locales, locales.count < SiteLocale.allCases.count else { return t.t("every language") }
        return SiteLocale.allCases.filter(locales.contains).map(\.endonym).joined(separator: ", ")
    }

    static let imageKinds: [MediaKind] = MediaKind.allCases.filter(\.isImage)
}
