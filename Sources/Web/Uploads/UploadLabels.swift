import Core
import Foundation
import Media

/// How an upload is described to the person who sent it, in their language.
enum UploadLabels {
    static func state(_ state: UploadState, _ t: Localizer) -> String {
        switch state {
        case .quarantined: t.t("Being checked for viruses")
        case .clean: t.t("Received")
        case .infected: t.t("Not accepted: a virus was found in this file")
        case .unscanned: t.t("Not yet checked: the clinic will look at it")
        }
    }

    /// The state as the clinic's staff read it.
    static func staffState(_ state: UploadState, _ t: Localizer) -> String {
        switch state {
        case .quarantined: t.t("In quarantine, waiting for its scan")
        case .clean: t.t("Clean")
        case .infected: t.t("Infected")
        case .unscanned: t.t("Not scanned")
        }
    }

    /// What the sender should do about it, when there is something to do.
    static func advice(_ state: UploadState, _ t: Localizer) -> String? {
        switch state {
        case .infected: t.t("The file was not passed on to anyone. Check your device for viruses, then send the file again.")
        case .quarantined, .clean, .unscanned: nil
        }
    }

    static func kind(_ kind: MediaKind, _ t: Localizer) -> String {
        switch kind {
        case .jpeg, .png, .webp, .heif, .avif: t.t("Photo")
        case .pdf: t.t("PDF document")
        case .dicom: t.t("X-ray or scan (DICOM)")
        case .dicomArchive: t.t("Study archive (ZIP)")
        }
    }

    /// `12.3 MB`, `740 KB`, in the locale's digits.
    static func size(_ bytes: Int64, _ locale: SiteLocale) -> String {
        let text: String
        switch bytes {
        case ..<1000: text = "\(bytes) B"
        case ..<1_000_000: text = "\(bytes / 1000) KB"
        default:
            let tenths = (bytes + 50_000) / 100_000
            text = "\(tenths / 10).\(tenths % 10) MB"
        }
        return Numerals.localized(text, for: locale)
    }

    /// The identifying tags read from a DICOM header, for those allowed to see the record.
    static func tags(_ tags: DicomTags, _ t: Localizer) -> [(label: String, value: String)] {
        [(t.t("Name in the file"), tags.patientName), (t.t("Patient ID in the file"), tags.patientID),
         (t.t("Date of birth in the file"), tags.birthDate.map(dicomDate)), (t.t("Hospital or clinic"), tags.institution),
         (t.t("Study date"), tags.studyDate.map(dicomDate))]
            .compactMap { label, value in value.map { (label, $0) } }
    }

    /// DICOM's `YYYYMMDD` as `YYYY-MM-DD`, unambiguous in every language.
    static func dicomDate(_ raw: String) -> String {
        guard raw.count == 8, raw.allSatisfy(\.isNumber) else { return raw }
        return "\(raw.prefix(4))-\(raw.dropFirst(4).prefix(2))-\(raw.suffix(2))"
    }

    /// Whether the page should keep asking for this upload's state.
    /// What a DICOM preview shows: modality, series and how many images it stands for.
    static func caption(_ preview: UploadAccess.Preview, _ t: Localizer, _ locale: SiteLocale) -> String {
        let parts = [preview.modality, preview.seriesDescription].compactMap { $0 }
        let images = t.t("{count} images", ["count": Numerals.localized(String(preview.imageCount), for: locale)])
        return (parts + [images]).joined(separator: " · ")
    }

    static func isSettled(_ state: UploadState) -> Bool { state != .quarantined }
}
