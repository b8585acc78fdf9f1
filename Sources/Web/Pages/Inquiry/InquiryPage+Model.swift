import Core
import Markup
import Media
import Portal

/// The inquiry form: what the visitor typed so far (kept through every error), the messages
/// beside each field, the files already received under this form, and the privacy notice whose
/// version and text the consent records.
public struct InquiryPage: Sendable {
    /// The field people never see: only a robot fills it in.
    public static let honeypotField = "website"

    public let chrome: PageChrome
    public let csrfToken: String
    public let formToken: String
    public let consentVersion: String
    public let notice: PrivacyNotice.Text
    /// What the visitor typed so far.
    public let values: InquiryForm
    /// Field name → message, in the page's language.
    public let errors: [String: String]
    public let pending: [UploadRecord]
    public let refusals: [String]
    public let banner: (kind: Alert.Kind, message: String)?

    public init(chrome: PageChrome, csrfToken: String, formToken: String, consentVersion: String, notice: PrivacyNotice.Text,
                values: InquiryForm, errors: [String: String], pending: [UploadRecord], refusals: [String],
                banner: (kind: Alert.Kind, message: String)?) {
        self.chrome = chrome
        self.csrfToken = csrfToken
        self.formToken = formToken
        self.consentVersion = consentVersion
        self.notice = notice
        self.values = values
        self.errors = errors
        self.pending = pending
        self.refusals = refusals
        self.banner = banner
    }
}

extension InquiryForm {
    /// The form's fields as the page names them; a ticked box is present, an unticked one absent.
    init(fields: [String: String]) {
        self.init()
        name = fields["name"] ?? ""
        email = fields["email"] ?? ""
        country = fields["country"] ?? ""
        phoneCountry = fields["phone_country"] ?? ""
        phone = fields["phone"] ?? ""
        whatsapp = fields["whatsapp"] != nil
        language = fields["language"] ?? ""
        age = fields["age"] ?? ""
        isMinor = fields["is_minor"] != nil
        guardianName = fields["guardian_name"] ?? ""
        guardianRelationship = fields["guardian_relationship"] ?? ""
        heightGoal = fields["height_goal"] ?? ""
        method = fields["method"] ?? ""
        message = fields["message"] ?? ""
        consent = fields["consent"] != nil
        timeZone = fields["time_zone"] ?? ""
    }
}
