import Core
import Foundation
import Markup

/// The component catalogue at `/{locale}/styleguide`, for reviewers and the browser tests.
/// Kept out of navigation, the sitemap and search engines.
public struct StyleGuidePage: Sendable {
    /// The demo form's values and, after a submission, what is wrong with them.
    public struct DemoForm: Sendable {
        public var name = ""
        public var email = ""
        public var age = ""
        /// Field name → message, already translated.
        public var errors: [String: String] = [:]
        public var wasSubmitted = false

        public init() {}
    }

    public let chrome: PageChrome
    public let csrfToken: String
    public let form: DemoForm
    public let page: Int

    public static let pageCount = 5

    /// Where the demo form posts (the fragment identifier brings a no-script reader back to the form).
    static func formAction(_ locale: SiteLocale) -> SafeURL {
        SafeURL("/\(locale.rawValue)/styleguide#sg-form-section")!
    }

    public init(chrome: PageChrome, csrfToken: String, form: DemoForm = DemoForm(), page: Int = 1) {
        self.chrome = chrome
        self.csrfToken = csrfToken
        self.form = form
        self.page = min(max(page, 1), Self.pageCount)
    }

    /// Checks the demo form the way every real form will: all problems at once, digits in any script.
    public static func validate(name: String, email: String, age: String, localizer: Localizer) -> DemoForm {
        var form = DemoForm()
        form.name = name
        form.email = email
        form.age = age
        form.wasSubmitted = true
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            form.errors["name"] = localizer.t("Enter your full name.")
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") {
            form.errors["email"] = localizer.t("Enter an email address like name@example.com.")
        }
        if let years = Numerals.parseInteger(age), (1...120).contains(years) {
        } else {
            form.errors["age"] = localizer.t("Enter your age in years, for example 34.")
        }
        return form
    }
}
