/// Reads an upload's kind from its first bytes (magic numbers and container headers). Anything
/// it does not recognise is refused: there is no "unknown but probably fine".
public enum ContentSniffer {
    /// How many leading bytes `sniff` needs to decide (DICOM's marker sits at offset 128).
    public static let headerLength = 512

    public static func sniff(_ header: [UInt8]) -> MediaKind? {
        if header.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if header.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if header.count >= 12, header.starts(with: Array("RIFF".utf8)), Array(header[8..<12]) == Array("WEBP".utf8) { return .webp }
        if let brand = isoBrand(header) {
            if ["avif", "avis"].contains(brand.major) || (brand.major == "mif1" && brand.compatible.contains("avif")) { return .avif }
            let heif: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]
            if heif.contains(brand.major) { return .heif }
            return nil
        }
        if header.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if header.count >= 132, Array(header[128..<132]) == Array("DICM".utf8) { return .dicom }
        // A local file header: whether it holds a DICOM study is checked when the archive is read.
        if header.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .dicomArchive }
        return nil
    }

    /// The major and compatible brands of an ISO base media file (`ftyp` box first).
    static func isoBrand(_ header: [UInt8]) -> (major: String, compatible: Set<String>)? {
        guard header.count >= 16, Array(header[4..<8]) == Array("ftyp".utf8) else { return nil }
        let size = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard size >= 16, size <= header.count || header.count >= 64 else { return nil }
        let end = min(size, header.count)
        func brand(at offset: Int) -> String { String(decoding: header[offset..<offset + 4], as: UTF8.self) }
        var compatible: Set<String> = []
        var offset = 16
        while offset + 4 <= end {
            compatible.insert(brand(at: offset))
            offset += 4
        }
        return (brand(at: 8), compatible)
    }
}
