import Accounts
import Audit
import Content
import Core
import Fluent
import Jobs
import Media
import Portal

/// Every migration, in order. Names are fixed strings (not type names) so that moving a migration
/// to another module never makes Fluent think it has not run.
enum AppMigrations {
    static func all(keyring: SecretKeyring) -> [any Migration] { [
        CreateSessions(),
        CreateJobs(),
        CreateRecurringSlots(),
        CreateAuditEvents(),
        CreateUsers(),
        CreateAccountSessions(),
        CreateAccountTokens(),
        CreateThrottling(),
        CreateTwoFactor(),
        CreateAccessGrants(),
        CreateAPITokens(),
        AddAccountTokenNewEmail(),
        AddJobInterruptions(),
        AddUserSearchKeys(),
        AddAuditHeadSeal(keyring: keyring),
        CreateUploads(),
        CreateUploadPreviews(),
        AddUserTimeZone(),
        AddAuditSubject(),
        CreateEmergencyAccesses(),
        CreateInquiries(),
        CreateMessagesAndCases(),
        AddMessageFormKeys(),
        CreateMediaLibrary(),
        CreatePages(),
        CreateRedirects(),
        CreateRevisions(),
    ] }
}
