import Core
import Foundation
@testable import Media
import Testing
import TestSupport

/// What a patient might send, and what someone attacking the clinic might: each checked from the
/// bytes before anything is stored or decoded.
@Suite("Upload inspection")
struct UploadInspectionTests {
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// A PNG's signature and IHDR chunk declaring `width` × `height`, then a few bytes.
    static func png(width: UInt32, height: UInt32) -> [UInt8] { TestFiles.png(width: width, height: height) }

    /// A JPEG whose frame header comes after a 30 KB EXIF segment, as a phone writes it.
    static func jpeg(width: UInt16, height: UInt16) -> [UInt8] {
        let exif = [UInt8](repeating: 0x41, count: 30_000)
        let app1: [UInt8] = [0xFF, 0xE1, UInt8((exif.count + 2) >> 8), UInt8((exif.count + 2) & 0xFF)] + exif
        let sof: [UInt8] = [0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 3,
                            1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        return [0xFF, 0xD8] + app1 + sof + [0xFF, 0xDA, 0, 8] + Array(repeating: 0, count: 32)
    }

    /// An HEIC: `ftyp` then `meta` holding `iprp/ipco/ispe`.
    static func heic(width: UInt32, height: UInt32, brand: String = "heic") -> [UInt8] {
        func box(_ type: String, _ body: [UInt8]) -> [UInt8] { be32(UInt32(8 + body.count)) + Array(type.utf8) + body }
        let ispe = box("ispe", [0, 0, 0, 0] + be32(width) + be32(height))
        let meta = box("meta", [0, 0, 0, 0] + box("hdlr", Array(repeating: 0, count: 24)) + box("iprp", box("ipco", ispe)))
        return box("ftyp", Array(brand.utf8) + [0, 0, 0, 0] + Array("mif1".utf8) + Array(brand.utf8)) + meta + box("mdat", [1, 2, 3])
    }

    static func dicom() -> [UInt8] { Array(repeating: 0, count: 128) + Array("DICM".utf8) + Array(repeating: 0x02, count: 200) }

    static func inspect(_ bytes: [UInt8], as name: String, limits: UploadLimits = UploadLimits()) throws(UploadRefusal) -> InspectedUpload {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try UploadInspection.inspect(path: path, claimedName: name, limits: limits)
    }

    @Test("each accepted kind is recognised from its bytes, with its size read from the header")
    func kinds() throws {
        #expect(try Self.inspect(Self.png(width: 1200, height: 800), as: "knee.png").dimensions == ImageDimensions(width: 1200, height: 800))
        let photo = try Self.inspect(Self.jpeg(width: 4032, height: 3024), as: "IMG_2041.JPG")
        #expect(photo.kind == .jpeg && photo.dimensions == ImageDimensions(width: 4032, height: 3024))
        let heic = try Self.inspect(Self.heic(width: 4032, height: 3024), as: "IMG_2042.HEIC")
        #expect(heic.kind == .heif && heic.dimensions?.pixels == 4032 * 3024)
        #expect(try Self.inspect(Self.heic(width: 640, height: 480, brand: "avif"), as: "leg.avif").kind == .avif)
        let webp = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0, 0, 0, 0] + [0x7F, 0x02, 0, 0xDF, 0x01, 0] + [0, 0]
        #expect(try Self.inspect(webp, as: "a.webp").dimensions == ImageDimensions(width: 640, height: 480))
        #expect(try Self.inspect(Array("%PDF-1.7\n1 0 obj << /Type /Pages /Count 3 >> endobj".utf8), as: "report.pdf").pages == 3)
        #expect(try Self.inspect(Self.dicom(), as: "IM000001").kind == .dicom)
        #expect(try Self.inspect(Self.dicom(), as: "series.dcm").kind == .dicom)
    }

    @Test("the name's extension must agree with the bytes: a PNG renamed .pdf is refused")
    func renamed() {
        #expect(throws: UploadRefusal.extensionMismatch(.png)) { try Self.inspect(Self.png(width: 10, height: 10), as: "scan.pdf") }
        #expect(throws: UploadRefusal.extensionMismatch(.pdf)) { try Self.inspect(Array("%PDF-1.4 ".utf8), as: "x-ray.jpg") }
        #expect(throws: UploadRefusal.unrecognised) { try Self.inspect(Array("MZ\u{90}\0 windows program".utf8), as: "photo.jpg") }
        #expect(throws: UploadRefusal.unrecognised) { try Self.inspect(Array("<svg onload=alert(1)>".utf8), as: "a.svg") }
    }

    @Test("an empty file is refused clearly")
    func empty() {
        #expect(throws: UploadRefusal.empty) { try Self.inspect([], as: "nothing.jpg") }
        #expect(UploadRefusal.empty.message == "The file is empty.")
    }

    @Test("a decompression bomb is refused from its header alone, as is an image whose size cannot be read")
    func bombs() {
        // 100,000 × 100,000 pixels declared in a 100-byte file: 30 GB once decoded.
        #expect(throws: UploadRefusal.tooManyPixels) { try Self.inspect(Self.png(width: 100_000, height: 100_000), as: "bomb.png") }
        #expect(throws: UploadRefusal.tooManyPixels) { try Self.inspect(Self.heic(width: 60_000, height: 60_000), as: "bomb.heic") }
        #expect(throws: UploadRefusal.tooManyPixels) { try Self.inspect(Self.jpeg(width: 65_000, height: 65_000), as: "bomb.jpg") }
        #expect(throws: UploadRefusal.unreadableImage) { try Self.inspect([0xFF, 0xD8, 0xFF, 0xE0, 0x00], as: "cut.jpg") }
        #expect(throws: UploadRefusal.unreadableImage) { try Self.inspect(Self.png(width: 0, height: 10), as: "zero.png") }
    }

    @Test("sizes are limited per kind, pages per PDF")
    func limits() {
        var limits = UploadLimits()
        limits.imageBytes = 100
        #expect(throws: UploadRefusal.tooLarge(.png, limit: 100)) { try Self.inspect(Self.png(width: 10, height: 10) + Array(repeating: 0, count: 100), as: "a.png", limits: limits) }
        limits.pdfPages = 2
        let pages = "%PDF-1.7\n" + (1...3).map { "\($0) 0 obj << /Type /Page /Parent 9 0 R >> endobj\n" }.joined() + "9 0 obj << /Type /Pages /Kids [] >> endobj"
        #expect(throws: UploadRefusal.tooManyPages(limit: 2)) { try Self.inspect(Array(pages.utf8), as: "a.pdf", limits: limits) }
    }

    @Test("names are shown without paths, controls or direction overrides; Persian's zero-width non-joiner stays")
    func names() {
        #expect(DisplayName(sanitizing: "../../etc/passwd").value == "passwd")
        #expect(DisplayName(sanitizing: "C:\\Users\\Layla\\x-ray.JPG").value == "x-ray.JPG")
        #expect(DisplayName(sanitizing: "C:\\Users\\Layla\\x-ray.JPG").fileExtension == "jpg")
        #expect(DisplayName(sanitizing: "invoice\u{202E}gpj.exe").value == "invoicegpj.exe")
        #expect(DisplayName(sanitizing: "a\u{0}b\nc\td.png").value == "abcd.png")
        #expect(DisplayName(sanitizing: "knee\u{00A0}\u{00A0}left.png").value == "knee left.png")
        #expect(DisplayName(sanitizing: "عکس\u{200C}ها.jpg").value == "عکس\u{200C}ها.jpg")
        #expect(DisplayName(sanitizing: "...").value == "upload")
        #expect(DisplayName(sanitizing: ".png").value == "png")
        #expect(DisplayName(sanitizing: String(repeating: "ب", count: 300) + ".pdf").value.count == DisplayName.maximumLength)
        #expect(DisplayName(sanitizing: String(repeating: "ب", count: 300) + ".pdf").value.hasSuffix(".pdf"))
        #expect(DisplayName(sanitizing: "scan").fileExtension == nil)
    }

    @Test("a ZIP of a study passes; entries that climb out, links, devices, bombs and overlaps are refused")
    func archives() throws {
        var study = ZipBuilder()
        study.add("DICOMDIR", Self.dicom())
        study.add("IMAGES/IM000001", Self.dicom())
        study.add("IMAGES/", [], unixMode: 0o040755)
        let ok = try Self.inspect(study.build(), as: "cd.zip")
        #expect(ok.kind == .dicomArchive && ok.archive == ZipInspector.Summary(entries: 3, unpackedBytes: 2 * 332))

        func refused(_ build: (inout ZipBuilder) -> Void) -> ZipInspector.Refusal? {
            var zip = ZipBuilder()
            build(&zip)
            do {
                _ = try Self.inspect(zip.build(), as: "cd.zip")
                return nil
            } catch {
                guard case .unsafeArchive(let reason) = error else { return nil }
                return reason
            }
        }
        #expect(refused { $0.add("../../etc/cron.d/x", [1]) } == .unsafeName("../../etc/cron.d/x"))
        #expect(refused { $0.add("IMAGES/../../x", [1]) } == .unsafeName("IMAGES/../../x"))
        #expect(refused { $0.add("/etc/passwd", [1]) } == .unsafeName("/etc/passwd"))
        #expect(refused { $0.add("C:/Windows/x.dll", [1]) } == .unsafeName("C:/Windows/x.dll"))
        #expect(refused { $0.add("..\\..\\x", [1]) } == .unsafeName("..\\..\\x"))
        #expect(refused { $0.add("link", Array("/etc/shadow".utf8), unixMode: 0o120777) } == .linkOrDevice(name: "link"))
        #expect(refused { $0.add("dev", [], unixMode: 0o020644) } == .linkOrDevice(name: "dev"))
        #expect(refused { zip in
            zip.add("bomb", [1, 2, 3])
            zip.entries[0].declaredPacked = 2_900_000_000
            zip.entries[0].declaredSize = 3_000_000_000
        } == .tooLargeUnpacked)
        #expect(refused { zip in
            zip.add("bomb", Array(repeating: 0, count: 1000))
            zip.entries[0].declaredPacked = 1000
            zip.entries[0].declaredSize = 500_000_000
        } == .ratio(name: "bomb"))
        #expect(refused { zip in
            zip.add("a", Array(repeating: 7, count: 100))
            zip.add("b", Array(repeating: 7, count: 100))
            zip.overlapping = true
        } == .overlapping)
        #expect(refused { zip in
            zip.add("secret", [1, 2, 3])
            zip.entries[0].flags |= 1
        } == .encrypted)
        var limits = UploadLimits()
        limits.archiveEntries = 2
        var many = ZipBuilder()
        for n in 0..<3 { many.add("IM\(n)", [UInt8(n)]) }
        #expect(throws: UploadRefusal.unsafeArchive(.tooManyEntries)) { try Self.inspect(many.build(), as: "cd.zip", limits: limits) }
        #expect(throws: UploadRefusal.unsafeArchive(.notAnArchive)) { try Self.inspect([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 40), as: "cd.zip") }
    }
}
