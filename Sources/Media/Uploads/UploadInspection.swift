import Core
import Foundation

/// Why an upload was refused before it was stored, worded for the person who sent it (each
/// `message` is a msgid the faces translate).
public enum UploadRefusal: Error, Equatable, Sendable {
    case empty
    case unrecognised
    case extensionMismatch(MediaKind)
    case tooLarge(MediaKind, limit: Int64)
    case tooManyPixels
    case unreadableImage
    case tooManyPages(limit: Int)
    case unsafeArchive(ZipInspector.Refusal)
    case tooManyFiles(limit: Int)
    case quotaExceeded

    public var message: String {
        switch self {
        case .empty: msgid("The file is empty.")
        case .unrecognised: msgid("This type of file is not accepted. Send photos (JPEG, PNG, WebP, HEIC, AVIF), PDF documents, DICOM files or a ZIP of a DICOM study.")
        case .extensionMismatch: msgid("The file's name does not match what it contains. Send it with its original name.")
        case .tooLarge: msgid("The file is too large.")
        case .tooManyPixels: msgid("The image is too large: its width and height are beyond what we accept.")
        case .unreadableImage: msgid("The image cannot be read. Send it again, or as a JPEG or PNG.")
        case .tooManyPages: msgid("The PDF has too many pages.")
        case .unsafeArchive: msgid("The ZIP archive cannot be accepted: it is damaged, protected by a password, or holds something other than plain files.")
        case .tooManyFiles: msgid("Too many files at once.")
        case .quotaExceeded: msgid("You have sent as much as we can accept for now. Try again later, or write to us.")
        }
    }
}

/// What inspection found in an acceptable file.
public struct InspectedUpload: Sendable, Equatable {
    public var kind: MediaKind
    public var name: DisplayName
    public var byteCount: Int64
    public var dimensions: ImageDimensions?
    public var pages: Int?
    public var archive: ZipInspector.Summary?
}

public enum UploadInspection {
    /// Checks a spooled upload: its kind from its bytes, the name's extension against it, and the
    /// limits that can be checked without decoding (size, pixels, pages, archive entries).
    public static func inspect(path: String, claimedName: String, limits: UploadLimits) throws(UploadRefusal) -> InspectedUpload {
        let name = DisplayName(sanitizing: claimedName)
        guard let file = FileHandle(forReadingAtPath: path) else { throw .unrecognised }
        defer { try? file.close() }
        let size = Int64((try? file.seekToEnd()) ?? 0)
        guard size > 0 else { throw .empty }
        try? file.seek(toOffset: 0)
        let header = Array((try? file.read(upToCount: ImageHeader.searchLength)) ?? Data())
        guard let kind = ContentSniffer.sniff(Array(header.prefix(ContentSniffer.headerLength))) else { throw .unrecognised }
        guard kind.accepts(extension: name.fileExtension) else { throw .extensionMismatch(kind) }
        guard size <= limits.bytes(for: kind) else { throw .tooLarge(kind, limit: limits.bytes(for: kind)) }

        var result = InspectedUpload(kind: kind, name: name, byteCount: size)
        switch kind {
        case .jpeg, .png, .webp, .heif, .avif:
            guard let dimensions = ImageHeader.dimensions(of: kind, header: header), dimensions.width > 0, dimensions.height > 0 else {
                throw .unreadableImage
            }
            guard dimensions.pixels <= limits.imagePixels else { throw .tooManyPixels }
            result.dimensions = dimensions
        case .pdf:
            try? file.seek(toOffset: 0)
            let pages = PDFPages.count(in: Array((try? file.readToEnd()) ?? Data()))
            guard pages <= limits.pdfPages else { throw .tooManyPages(limit: limits.pdfPages) }
            result.pages = pages
        case .dicomArchive:
            do {
                result.archive = try ZipInspector.inspect(file, size: size, limits: limits)
            } catch {
                throw .unsafeArchive(error)
            }
        case .dicom:
            break
        }
        return result
    }
}
