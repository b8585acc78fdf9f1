import Core

/// What an upload may be. The kind is read from the bytes (`ContentSniffer`), never from the
/// name or the `Content-Type` the client sent; the name's extension must then agree with it.
public enum MediaKind: String, Sendable, CaseIterable, Codable {
    case jpeg, png, webp, heif, avif, pdf, dicom
    /// A ZIP archive of a DICOM study, as a patient's CD is usually zipped.
    case dicomArchive = "dicom-archive"

    /// Extensions a file of this kind may carry (lower case, without the dot). A DICOM file is
    /// often written with none at all (`IM000001`), so for DICOM the absence is accepted too.
    public var extensions: Set<String> {
        switch self {
        case .jpeg: ["jpg", "jpeg", "jpe", "jfif"]
        case .png: ["png"]
        case .webp: ["webp"]
        case .heif: ["heic", "heif", "hif"]
        case .avif: ["avif"]
        case .pdf: ["pdf"]
        case .dicom: ["dcm", "dicom", "dic"]
        case .dicomArchive: ["zip"]
        }
    }

    /// The media type stored objects are served with.
    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .heif: "image/heif"
        case .avif: "image/avif"
        case .pdf: "application/pdf"
        case .dicom: "application/dicom"
        case .dicomArchive: "application/zip"
        }
    }

    public var isImage: Bool {
        switch self {
        case .jpeg, .png, .webp, .heif, .avif: true
        case .pdf, .dicom, .dicomArchive: false
        }
    }

    /// Whether a file named with `extension` (lower case, nil for none) may be of this kind.
    public func accepts(extension ext: String?) -> Bool {
        guard let ext else { return self == .dicom }
        return extensions.contains(ext)
    }
}

extension UploadLimits {
    /// The most a file of `kind` may weigh.
    public func bytes(for kind: MediaKind) -> Int64 {
        switch kind {
        case .jpeg, .png, .webp, .heif, .avif: imageBytes
        case .pdf: pdfBytes
        case .dicom: dicomBytes
        case .dicomArchive: archiveBytes
        }
    }
}
