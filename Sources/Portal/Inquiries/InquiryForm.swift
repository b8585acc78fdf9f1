import Accounts
import Core
import Foundation

/// What a person sends as an inquiry, as typed: the website's form and the API both fill one in.
public struct InquiryForm: Sendable, Codable, Equatable {
    public var name = ""
    public var email = ""
    public var country = ""
    /// The country whose calling code the phone number is dialled with; the home country if empty.
    public var phoneCountry = ""
    public var phone = ""
    public var whatsapp = false
    /// The language answers should be in (a site locale's code).
    public var language = ""
    public var age = ""
    public var isMinor = false
    public var guardianName = ""
    public var guardianRelationship = ""
    public var heightGoal = ""
    public var method = ""
    public var message = ""
    public var consent = false
    /// The browser's IANA zone, if it told us.
    public var timeZone = ""

    public init() {}

    static let longestText = 5000

    /// The form checked and normalised, or every problem at once, field by field (msgids).
    func validated() throws(ValidationFailure) -> ValidInquiry {
        var problems: [String: String] = [:]
        let name = Self.clean(self.name)
        if name.isEmpty || name.count > 200 { problems["name"] = msgid("Enter the patient's full name.") }
        let email = self.email.trimmingCharacters(in: .whitespacesAndNewlines)
        if MailAddress(address: email) == nil { problems["email"] = msgid("Enter an e-mail address like name@example.com.") }
        let country = country.trimmingCharacters(in: .whitespaces).uppercased()
        if !Countries.isKnown(country) { problems["country"] = msgid("Choose the country the patient lives in.") }
        var phone: PhoneNumber?
        let typedPhone = self.phone.trimmingCharacters(in: .whitespacesAndNewlines)
        if !typedPhone.isEmpty {
            let dialled = phoneCountry.isEmpty ? country : phoneCountry.uppercased()
            phone = PhoneNumber(country: dialled, national: typedPhone)
            if phone == nil { problems["phone"] = msgid("Enter the phone number with its area code, digits only, for example 50 123 4567.") }
        }
        let language = SiteLocale(rawValue: self.language)
        if language == nil { problems["language"] = msgid("Choose the language we should answer in.") }
        let age = Numerals.parseInteger(self.age.trimmingCharacters(in: .whitespaces))
        if age == nil || !(1...120).contains(age!) { problems["age"] = msgid("Enter the patient's age in years, as a number.") }
        var relationship: GuardianRelationship?
        let guardianName = Self.clean(self.guardianName)
        let isMinor = self.isMinor || (age.map { $0 < 18 } ?? false)
        if isMinor {
            if !self.isMinor { problems["is_minor"] = msgid("The patient is under 18: tick this box and tell us who is filling in the form.") }
            if guardianName.isEmpty || guardianName.count > 200 { problems["guardian_name"] = msgid("Enter the name of the parent or guardian.") }
            relationship = GuardianRelationship(rawValue: guardianRelationship)
            if relationship == nil { problems["guardian_relationship"] = msgid("Choose how you are related to the patient.") }
        }
        let method = TreatmentMethod(rawValue: self.method) ?? .notSure
        let heightGoal = Self.clean(self.heightGoal, keepingLines: true)
        if heightGoal.count > 1000 { problems["height_goal"] = msgid("Use at most 1,000 characters.") }
        let message = Self.clean(self.message, keepingLines: true)
        if message.count > Self.longestText { problems["message"] = msgid("Use at most 5,000 characters.") }
        if !consent { problems["consent"] = msgid("To send the inquiry, agree to the processing of the health information in it.") }
        guard problems.isEmpty, let language, let age else { throw ValidationFailure(problems) }
        return ValidInquiry(
            name: name, email: email, emailNormalized: EmailNormalization.normalize(email), region: country, phone: phone,
            whatsapp: whatsapp && phone != nil, language: language, age: age, isMinor: isMinor,
            guardianName: isMinor ? guardianName : nil, guardianRelationship: isMinor ? relationship : nil,
            heightGoal: heightGoal.isEmpty ? nil : heightGoal, method: method, message: message.isEmpty ? nil : message,
            timeZone: AccountTimeZone.validated(timeZone))
    }

    /// Trimmed, NFC, without control or invisible format characters (a NUL, bidi overrides),
    /// and (unless `keepingLines`) on one line.
    static func clean(_ text: String, keepingLines: Bool = false) -> String {
        let kept = text.precomposedStringWithCanonicalMapping.unicodeScalars.filter { scalar in
            if keepingLines && scalar == "\n" { return true }
            // The zero-width non-joiner is part of Persian spelling.
            if scalar == "\u{200C}" { return true }
            return ![.control, .format, .surrogate, .unassigned].contains(scalar.properties.generalCategory)
        }
        let joined = String(String.UnicodeScalarView(kept))
        if keepingLines {
            return joined.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return joined.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// An inquiry that passed validation, normalised.
struct ValidInquiry: Sendable, Codable, Equatable {
    let name: String
    let email: String
    let emailNormalized: String
    let region: String
    let phone: PhoneNumber?
    let whatsapp: Bool
    let language: SiteLocale
    let age: Int
    let isMinor: Bool
    let guardianName: String?
    let guardianRelationship: GuardianRelationship?
    let heightGoal: String?
    let method: TreatmentMethod
    let message: String?
    let timeZone: String?
}
