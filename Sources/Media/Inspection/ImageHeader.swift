/// An image's width and height as its header declares them, read without decoding a pixel: a
/// decompression bomb (a small file that declares a vast canvas) is refused on this alone.
public struct ImageDimensions: Sendable, Hashable {
    public var width: Int64
    public var height: Int64
    public var pixels: Int64 { width * height }
}

public enum ImageHeader {
    /// How far into the file the size may be looked for: JPEG's frame header comes after the
    /// metadata segments, which phones fill with EXIF and thumbnails.
    public static let searchLength = 1 << 20

    /// Nil when the header cannot be read: such a file is refused, not decoded to find out.
    public static func dimensions(of kind: MediaKind, header bytes: [UInt8]) -> ImageDimensions? {
        switch kind {
        case .png: png(bytes)
        case .jpeg: jpeg(bytes)
        case .webp: webp(bytes)
        case .heif, .avif: isoImageSpatialExtents(bytes)
        case .pdf, .dicom, .dicomArchive: nil
        }
    }

    static func png(_ b: [UInt8]) -> ImageDimensions? {
        // The signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
        guard b.count >= 24, Array(b[12..<16]) == Array("IHDR".utf8) else { return nil }
        return ImageDimensions(width: be32(b, 16), height: be32(b, 20))
    }

    static func jpeg(_ b: [UInt8]) -> ImageDimensions? {
        var offset = 2
        while offset + 4 <= b.count {
            guard b[offset] == 0xFF else { return nil }
            let marker = b[offset + 1]
            if marker == 0xFF { offset += 1; continue }
            // Markers without a length: TEM, RSTn; SOI again would be malformed.
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }
            let length = Int(be16(b, offset + 2))
            guard length >= 2 else { return nil }
            // SOF0…SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard offset + 9 <= b.count else { return nil }
                return ImageDimensions(width: be16(b, offset + 7), height: be16(b, offset + 5))
            }
            offset += 2 + length
        }
        return nil
    }

    static func webp(_ b: [UInt8]) -> ImageDimensions? {
        guard b.count >= 30 else { return nil }
        switch String(decoding: b[12..<16], as: UTF8.self) {
        case "VP8 ":
            // The key frame's start code, then 14-bit width and height.
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return nil }
            return ImageDimensions(width: le16(b, 26) & 0x3FFF, height: le16(b, 28) & 0x3FFF)
        case "VP8L":
            guard b[20] == 0x2F else { return nil }
            let bits = Int64(b[21]) | Int64(b[22]) << 8 | Int64(b[23]) << 16 | Int64(b[24]) << 24
            return ImageDimensions(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            return ImageDimensions(width: le24(b, 24) + 1, height: le24(b, 27) + 1)
        default:
            return nil
        }
    }

    /// HEIF and AVIF: the largest `ispe` (image spatial extents) property in `meta/iprp/ipco`.
    /// The largest, because a grid image declares its tiles' sizes as well as the whole canvas.
    static func isoImageSpatialExtents(_ b: [UInt8]) -> ImageDimensions? {
        var best: ImageDimensions?
        func walk(_ start: Int, _ end: Int, depth: Int) {
            var offset = start
            while offset + 8 <= end, depth < 6 {
                var size = Int(be32(b, offset))
                let type = String(decoding: b[offset + 4..<offset + 8], as: UTF8.self)
                var header = 8
                if size == 1 {
                    guard offset + 16 <= end else { return }
                    let large = be32(b, offset + 8) << 32 | be32(b, offset + 12)
                    guard large <= Int64(Int.max) else { return }
                    size = Int(large)
                    header = 16
                } else if size == 0 {
                    size = end - offset
                }
                guard size >= header, offset + size <= end || type == "mdat" else { return }
                let boxEnd = min(offset + size, end)
                switch type {
                case "meta": walk(offset + header + 4, boxEnd, depth: depth + 1)  // a full box: version and flags first
                case "iprp", "ipco": walk(offset + header, boxEnd, depth: depth + 1)
                case "ispe":
                    if offset + header + 12 <= boxEnd {
                        let found = ImageDimensions(width: be32(b, offset + header + 4), height: be32(b, offset + header + 8))
                        if best == nil || found.pixels > best!.pixels { best = found }
                    }
                default: break
                }
                if type == "mdat" { return }
                offset += size
            }
        }
        walk(0, b.count, depth: 0)
        return best
    }

    static func be16(_ b: [UInt8], _ i: Int) -> Int64 { Int64(b[i]) << 8 | Int64(b[i + 1]) }
    static func be32(_ b: [UInt8], _ i: Int) -> Int64 { Int64(b[i]) << 24 | Int64(b[i + 1]) << 16 | Int64(b[i + 2]) << 8 | Int64(b[i + 3]) }
    static func le16(_ b: [UInt8], _ i: Int) -> Int64 { Int64(b[i]) | Int64(b[i + 1]) << 8 }
    static func le24(_ b: [UInt8], _ i: Int) -> Int64 { Int64(b[i]) | Int64(b[i + 1]) << 8 | Int64(b[i + 2]) << 16 }
}
