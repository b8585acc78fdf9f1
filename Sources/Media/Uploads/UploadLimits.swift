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

    /// The most a file of `kind` may weigh.
    public func bytes(for kind: MediaKind) -> Int64 {
        switch kind {
        case .jpeg, .png, .webp, .heif, .avif: imageBytes
        case .pdf: pdfBytes
        case .dicom: dicomBytes
        case .dicomArchive: archiveBytes
        }
    }

    /// The largest of all kinds: what a stream may reach before its kind is known.
    public var largestBytes: Int64 { [imageBytes, pdfBytes, dicomBytes, archiveBytes].max()! }
}
