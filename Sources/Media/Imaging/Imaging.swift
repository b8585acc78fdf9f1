import CFaces
import CImaging
import Foundation
import NIOPosix

/// libvips or OpenCV refused an image, with their reason (never shown to a visitor).
public struct ImagingError: Error, CustomStringConvertible {
    public let description: String
}

/// The formats renditions are made in, best first: a browser takes the first it supports.
public enum RenditionFormat: String, Codable, Sendable, CaseIterable {
    case avif, webp, jpeg

    public var contentType: String { "image/\(rawValue)" }
    public var fileExtension: String { rawValue == "jpeg" ? "jpg" : rawValue }

    var native: hc_image_format {
        switch self {
        case .avif: HC_FORMAT_AVIF
        case .webp: HC_FORMAT_WEBP
        case .jpeg: HC_FORMAT_JPEG
        }
    }
}

/// A rectangle in the pixels of an upright image.
public struct PixelBox: Codable, Sendable, Equatable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The box grown by `fraction` of its size on every side, kept inside `width` × `height`.
    public func expanded(by fraction: Double, within width: Int, _ height: Int) -> PixelBox {
        let dx = Int((Double(self.width) * fraction).rounded(.up)), dy = Int((Double(self.height) * fraction).rounded(.up))
        let left = max(0, x - dx), top = max(0, y - dy)
        return PixelBox(x: left, y: top, width: min(width, x + self.width + dx) - left, height: min(height, y + self.height + dy) - top)
    }
}

/// libvips and OpenCV behind plain Swift. Each call blocks a thread for as long as the image
/// takes, so it runs on a thread pool of its own, never on the cooperative one that serves requests.
public enum Imaging {
    /// Threads libvips may use for one image; two workers on two cores stay within them.
    static let threads = 1

    private static let started: String? = {
        var error = [CChar](repeating: 0, count: 512)
        return hc_imaging_start(Int32(threads), &error, error.count) == 0 ? nil : message(error)
    }()

    /// Image work gets threads of its own: on NIO's shared blocking pool a few seconds of AVIF
    /// encoding would hold up everything else waiting there, SQLite's queries and file reads
    /// among them. One thread keeps one photo's pixels in memory at a time.
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        return pool
    }()

    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        if let failure = started { throw ImagingError(description: "libvips did not start: \(failure)") }
        return try await pool.runIfActive(work)
    }

    /// The C side's message: the buffer up to its first NUL.
    private static func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func check(_ status: Int32, _ error: [CChar]) throws {
        guard status == 0 else { throw ImagingError(description: message(error)) }
    }

    /// The image's width and height upright, from its header.
    public static func size(of path: String, maxPixels: Int64) async throws -> (width: Int, height: Int) {
        try await blocking {
            var error = [CChar](repeating: 0, count: 512)
            var width: Int32 = 0, height: Int32 = 0
            try check(hc_image_size(path, maxPixels, &width, &height, &error, error.count), error)
            return (Int(width), Int(height))
        }
    }

    /// Writes a rendition of `input` at `width` (and `height`, cropped around the focal point, or 0
    /// for the image's proportions) to `output`, upright and without metadata; returns its size.
    public static func render(_ input: String, to output: String, width: Int, height: Int = 0, focal: (x: Double, y: Double),
                              format: RenditionFormat, maxPixels: Int64) async throws -> (width: Int, height: Int) {
        let (focalX, focalY) = focal
        return try await blocking {
            var error = [CChar](repeating: 0, count: 512)
            var request = hc_rendition_request(width: Int32(width), height: Int32(height), focal_x: focalX, focal_y: focalY, format: format.native,
                                               quality: format == .avif ? 55 : 78, effort: format == .avif ? 2 : 4)
            var outWidth: Int32 = 0, outHeight: Int32 = 0
            try check(hc_render(input, output, &request, maxPixels, &outWidth, &outHeight, &error, error.count), error)
            return (Int(outWidth), Int(outHeight))
        }
    }

    /// Writes `input` upright as a PNG with every box (in the upright image's pixels) pixelated
    /// into at most `blocks` × `blocks` blocks of one colour: what is under them cannot be
    /// recovered from the result. The copy is shrunk as far as `atLeast` allows: at least that
    /// wide, or that high, whichever keeps it larger; never enlarged; nil keeps the full size.
    public static func cover(_ input: String, to output: String, boxes: [PixelBox], blocks: Int = 8, atLeast: (width: Int, height: Int)? = nil,
                             maxPixels: Int64) async throws {
        try await blocking {
            var error = [CChar](repeating: 0, count: 512)
            let native = boxes.map { hc_box(x: Int32($0.x), y: Int32($0.y), width: Int32($0.width), height: Int32($0.height)) }
            try check(hc_cover_boxes(input, output, native, Int32(native.count), Int32(blocks), Int32(atLeast?.width ?? 0),
                                     Int32(atLeast?.height ?? 0), maxPixels, &error, error.count), error)
        }
    }

    /// The upright image's pixels as sRGB triples, row by row.
    public static func rgb(of path: String, maxPixels: Int64) async throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let (width, height) = try await size(of: path, maxPixels: maxPixels)
        return try await blocking {
            var error = [CChar](repeating: 0, count: 512)
            var pixels = [UInt8](repeating: 0, count: width * height * 3)
            try check(hc_image_rgb(path, maxPixels, &pixels, pixels.count, &error, error.count), error)
            return (width, height, pixels)
        }
    }

    /// Whether the file carries EXIF, XMP, IPTC or an ICC profile.
    public static func hasMetadata(_ path: String) async throws -> Bool {
        try await blocking {
            var error = [CChar](repeating: 0, count: 512)
            let found = hc_image_has_metadata(path, &error, error.count)
            guard found >= 0 else { throw ImagingError(description: message(error)) }
            return found == 1
        }
    }

    /// Where the cascades of Debian's opencv-data are.
    public static let cascadeFolder = "/usr/share/opencv4/haarcascades"

    /// The side detection looks at: a face smaller than a fiftieth of it is not found, which at a
    /// thousand pixels is about a face in a group photo of twenty.
    static let detectionSide = 1000

    /// Faces looking at the camera or in profile, in the upright image's pixels.
    public static func faces(in path: String, maxPixels: Int64) async throws -> [PixelBox] {
        let (width, height) = try await size(of: path, maxPixels: maxPixels)
        let frontal = cascadeFolder + "/haarcascade_frontalface_default.xml", profile = cascadeFolder + "/haarcascade_profileface.xml"
        return try await blocking {
            var error = [CChar](repeating: 0, count: 512)
            var gray = [UInt8](repeating: 0, count: detectionSide * detectionSide)
            var grayWidth: Int32 = 0, grayHeight: Int32 = 0
            try check(hc_image_gray(path, maxPixels, Int32(detectionSide), &gray, gray.count, &grayWidth, &grayHeight, &error, error.count), error)
            var found = [hc_face_box](repeating: hc_face_box(), count: 64)
            var count: Int32 = 0
            let minimum = max(20, Int(min(grayWidth, grayHeight)) / 50)
            try check(hc_detect_faces(gray, grayWidth, grayHeight, frontal, profile, Int32(minimum), &found, Int32(found.count), &count,
                                      &error, error.count), error)
            let scale = Double(width) / Double(grayWidth)
            return found.prefix(Int(count)).map { box in
                PixelBox(x: Int(Double(box.x) * scale), y: Int(Double(box.y) * scale),
                         width: Int((Double(box.width) * scale).rounded(.up)), height: Int((Double(box.height) * scale).rounded(.up)))
                    .expanded(by: 0, within: width, height)
            }
        }
    }
}
