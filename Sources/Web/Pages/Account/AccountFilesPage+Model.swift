import Core
import Foundation
import Markup
import Media

/// `/{locale}/account/files`: what a patient has sent the clinic (X-rays, scans, reports), each
/// with its virus scan's state, and the form to send more.
public struct AccountFilesPage: Sendable {
    public struct Row: Sendable {
        public let id: String
        public let name: String
        public let kind: String
        public let size: String
        public let sentAt: Date
        public let state: UploadState
        public let stateLabel: String
        public let advice: String?
        /// Only for a clean file: where to open it (a fresh signed link is issued on each click).
        public let openURL: SafeURL?
        /// A DICOM upload's previews, one per series.
        public let previews: [PreviewItem]
        /// A DICOM upload's identifying tags, as label and value.
        public let tags: [(label: String, value: String)]
    }

    public struct PreviewItem: Sendable {
        public let url: SafeURL
        public let caption: String
    }

    public let chrome: PageChrome
    public let rows: [Row]
    public let csrfToken: String
    /// Why files of the last post were refused, one line per file.
    public let refusals: [String]
    public let notice: String?

    public init(chrome: PageChrome, files: [UploadAccess.RecordFile], csrfToken: String, refusals: [String] = [], notice: String? = nil) {
        let t = chrome.localizer
        let locale = chrome.locale
        self.chrome = chrome
        self.rows = files.compactMap { file in
            let record = file.record
            guard let id = record.id?.uuidString.lowercased() else { return nil }
            let previews = file.previews.compactMap { preview -> PreviewItem? in
                guard let url = SafeURL(preview.url) else { return nil }
                return PreviewItem(url: url, caption: UploadLabels.caption(preview, t, locale))
            }
            return Row(id: id, name: record.displayName, kind: UploadLabels.kind(record.kind, t),
                       size: UploadLabels.size(record.byteCount, locale), sentAt: record.createdAt, state: record.state,
                       stateLabel: UploadLabels.state(record.state, t), advice: UploadLabels.advice(record.state, t),
                       openURL: record.state == .clean ? SafeURL.path(locale.rawValue, "account", "files", id) : nil,
                       previews: previews, tags: file.tags.map { UploadLabels.tags($0, t) } ?? [])
        }
        self.csrfToken = csrfToken
        self.refusals = refusals
        self.notice = notice
    }
}
