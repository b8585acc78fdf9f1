/// How much an upload may be, each limit checked before the work it guards: the size as the bytes
/// arrive, pixels from the image header before anything decodes it, an archive's entries from its
/// central directory before anything unpacks it. The defaults suit a patient's phone photos, a
/// scanned report and a zipped CD of X-rays; each is an `HC_UPLOAD_*` setting.
public struct UploadLimits: Sendable, Equatable {
    public var imageBytes: Int64 = 40 << 20
    public var pdfBytes: Int64 = 25 << 20
    public var dicomBytes: Int64 = 100 << 20
    public var archiveBytes: Int64 = 500 << 20
    /// Width × height of an image, from its header. 80 megapixels is beyond any phone camera's
    /// photo; a bomb declares far more.
    public var imagePixels: Int64 = 80_000_000
    public var pdfPages = 300
    public var archiveEntries = 5000
    public var archiveUnpackedBytes: Int64 = 2 << 30
    /// Unpacked size over packed size, per entry. DICOM images compress to a third or so; a bomb
    /// to a thousandth.
    public var archiveRatio: Int64 = 100
    public var filesPerRequest = 10
    /// What a visitor may send into one form (one inquiry): a zipped CD and a few photos.
    public var bytesPerForm: Int64 = 1 << 30
    /// What visitors from one network may send in a day, across all their forms.
    public var bytesPerNetworkPerDay: Int64 = 3 << 30

    public init() {}

    /// The largest of all kinds: what a stream may reach before its kind is known.
    public var largestBytes: Int64 { [imageBytes, pdfBytes, dicomBytes, archiveBytes].max()! }
}

extension UploadLimits {
    /// One `HC_UPLOAD_*` variable: its name, what it means, its range, and where it goes.
    struct Setting: Sendable {
        let name: String
        let meaning: String
        let range: ClosedRange<Int64>
        /// Megabytes (MiB) in the variable, bytes in the limit.
        let isMegabytes: Bool
        let apply: @Sendable (inout UploadLimits, Int64) -> Void
    }

    static let settings: [Setting] = [
        Setting(name: "HC_UPLOAD_MAX_IMAGE_MB", meaning: "largest photo, in MB (default 40)", range: 1...1024, isMegabytes: true) { $0.imageBytes = $1 },
        Setting(name: "HC_UPLOAD_MAX_PDF_MB", meaning: "largest PDF, in MB (default 25)", range: 1...1024, isMegabytes: true) { $0.pdfBytes = $1 },
        Setting(name: "HC_UPLOAD_MAX_DICOM_MB", meaning: "largest single DICOM file, in MB (default 100)", range: 1...4096, isMegabytes: true) { $0.dicomBytes = $1 },
        Setting(name: "HC_UPLOAD_MAX_ARCHIVE_MB", meaning: "largest ZIP of a DICOM study, in MB (default 500)", range: 1...8192, isMegabytes: true) { $0.archiveBytes = $1 },
        Setting(name: "HC_UPLOAD_MAX_MEGAPIXELS", meaning: "an image's width × height, from its header, in millions (default 80)", range: 1...1000, isMegabytes: false) { $0.imagePixels = $1 * 1_000_000 },
        Setting(name: "HC_UPLOAD_MAX_PDF_PAGES", meaning: "pages of a PDF (default 300)", range: 1...100_000, isMegabytes: false) { $0.pdfPages = Int($1) },
        Setting(name: "HC_UPLOAD_MAX_ARCHIVE_ENTRIES", meaning: "files in a study archive (default 5000)", range: 1...1_000_000, isMegabytes: false) { $0.archiveEntries = Int($1) },
        Setting(name: "HC_UPLOAD_MAX_UNPACKED_MB", meaning: "a study archive's unpacked size, in MB (default 2048)", range: 1...65_536, isMegabytes: true) { $0.archiveUnpackedBytes = $1 },
        Setting(name: "HC_UPLOAD_MAX_COMPRESSION_RATIO", meaning: "an archive entry's unpacked size over its packed size (default 100)", range: 2...10_000, isMegabytes: false) { $0.archiveRatio = $1 },
        Setting(name: "HC_UPLOAD_MAX_FILES", meaning: "files in one upload request (default 10)", range: 1...100, isMegabytes: false) { $0.filesPerRequest = Int($1) },
        Setting(name: "HC_UPLOAD_FORM_QUOTA_MB", meaning: "what a visitor may send into one form, in MB (default 1024)", range: 1...65_536, isMegabytes: true) { $0.bytesPerForm = $1 },
        Setting(name: "HC_UPLOAD_NETWORK_QUOTA_MB", meaning: "what visitors of one network may send in a day, in MB (default 3072)", range: 1...1_048_576, isMegabytes: true) { $0.bytesPerNetworkPerDay = $1 },
    ]

    /// The variables, for `Configuration.variables` and the README.
    public static var variables: [(name: String, meaning: String)] { settings.map { ($0.name, $0.meaning) } }

    /// The defaults with whatever `value` sets; a value that is not a whole number in range is refused.
    static func load(_ value: (String) -> String?) throws(ConfigurationError) -> UploadLimits {
        var limits = UploadLimits()
        for setting in settings {
            guard let raw = value(setting.name) else { continue }
            guard let number = Int64(raw), setting.range.contains(number) else {
                throw ConfigurationError(setting.name, "must be a whole number from \(setting.range.lowerBound) to \(setting.range.upperBound), not '\(raw)'")
            }
            setting.apply(&limits, setting.isMegabytes ? number << 20 : number)
        }
        return limits
    }
}
