import Accounts
import Core
import Foundation
import Markup
import Media

/// `/admin/uploads`: what the clinic holds back (in quarantine, infected, not scanned), the
/// metadata only, oldest first, with retry and delete. Nothing here opens a file's contents.
public struct AdminUploadsPage: Sendable {
    public struct Row: Sendable {
        public let id: String
        public let name: String
        public let kind: String
        public let size: String
        public let receivedAt: Date
        public let state: UploadState
        public let stateLabel: String
        /// clamd's signature, or why it did not scan.
        public let detail: String?
        /// The person whose record it belongs to, or a visitor's form.
        public let owner: String
        public let ownerURL: SafeURL?
        public let canRetry: Bool
    }

    public let chrome: PageChrome
    public let rows: [Row]
    public let csrfToken: String
    public let notice: String?

    public init(chrome: PageChrome, records: [UploadRecord], owners: [UUID: UserRecord], csrfToken: String, notice: String?) {
        let t = chrome.localizer
        self.chrome = chrome
        self.rows = records.compactMap { record in
            guard let id = record.id?.uuidString.lowercased() else { return nil }
            let owner: String
            var ownerURL: SafeURL?
            if let ownerID = record.ownerID {
                let user = owners[ownerID]
                owner = user.map { [$0.firstName, $0.lastName].filter { !$0.isEmpty }.joined(separator: " ") }.flatMap { $0.isEmpty ? nil : $0 }
                    ?? user?.email ?? t.t("A deleted account")
                ownerURL = SafeURL.path("admin", "users", ownerID.uuidString.lowercased())
            } else if record.attachedType == MediaLibrary.attachment {
                owner = t.t("The media library")
            } else if record.attachedType == MediaLibrary.consentAttachment {
                owner = t.t("A consent's signed form")
            } else {
                owner = record.attachedID == nil ? t.t("A visitor's form, not yet sent") : t.t("A visitor's inquiry")
            }
            return Row(id: id, name: record.displayName, kind: UploadLabels.kind(record.kind, t),
                       size: UploadLabels.size(record.byteCount, chrome.locale), receivedAt: record.createdAt, state: record.state,
                       stateLabel: UploadLabels.staffState(record.state, t), detail: record.scanDetail, owner: owner, ownerURL: ownerURL,
                       canRetry: record.state == .quarantined || record.state == .unscanned)
        }
        self.csrfToken = csrfToken
        self.notice = notice
    }
}
