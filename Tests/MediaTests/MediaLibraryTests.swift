@testable import App
import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Jobs
@testable import Media
import Testing
import TestSupport
import Vapor

/// Pages and CDN purges the library asked for, in order.
final class RecordingPublicationHooks: MediaPublicationHooks, CDNPurger, @unchecked Sendable {
    private let lock = NSLock()
    private var assets: [[UUID]] = []
    private var paths: [[String]] = []

    var unpublished: [[UUID]] { lock.withLock { assets } }
    var purged: [[String]] { lock.withLock { paths } }

    func assetsUnpublished(_ assets: [UUID], on database: any Database) async throws { lock.withLock { self.assets.append(assets) } }
    func purge(paths: [String]) async throws { lock.withLock { self.paths.append(paths) } }
}

/// The media library with real libvips and OpenCV: renditions without metadata and upright, faces
/// covered, nothing public before review, and a withdrawn consent unpublishing everywhere.
// Serialized: each test encodes images, and two at once on two cores starve the other suites.
@Suite("Media library: renditions, faces, consent", .serialized)
struct MediaLibraryTests {
    static let origin = AuditOrigin(clientIP: "198.51.100.4")

    /// A sample photo of scikit-image's that scripts/photo-fixtures.sh fetched for the tests.
    static func photo(_ name: String) throws -> [UInt8] {
        let folder = try #require(ProcessInfo.processInfo.environment["HC_TEST_PHOTOS_DIR"], "make test fetches the sample photos")
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    static func temporary(_ bytes: [UInt8], _ suffix: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString).\(suffix)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Every queued job run, with the library's handlers over `library` (to record its hooks).
    static func work(_ app: Application, _ library: MediaLibrary? = nil) async throws {
        var handlers = app.jobHandlers
        if let library {
            handlers = handlers.map { handler -> any JobHandler in
                switch handler.kind {
                case RenditionsJob.kind: RenditionsJob(library: library)
                case ConsentChangedJob.kind: ConsentChangedJob(library: library)
                case AssetsUnpublishedJob.kind: AssetsUnpublishedJob(library: library)
                default: handler
                }
            }
        }
        let worker = Worker(handlers: handlers, configuration: WorkerConfiguration(pollInterval: .milliseconds(20)), logger: app.logger) { app.db }
        while try await worker.runOnce() {}
    }

    /// An editor's upload made an asset, scanned and analysed.
    static func asset(_ app: Application, _ bytes: [UInt8], as name: String, by editor: UUID) async throws -> MediaAssetRecord {
        let upload = try await UploadPipelineTests.receive(app, bytes, as: name, by: .user(editor))
        try await UploadPipelineTests.work(app)
        let asset = try await app.mediaLibrary.createAsset(from: upload.requireID(), title: name, by: editor, origin: origin, on: app.db)
        try await work(app)
        return try #require(try await MediaAssetRecord.find(asset.requireID(), on: app.db))
    }

    static func editor(_ app: Application) async throws -> UUID {
        try await TestAccounts.account(app, role: .editor, secondFactor: false).0.requireID()
    }

    static func renditions(_ app: Application, _ asset: MediaAssetRecord) async throws -> [MediaRenditionRecord] {
        try await MediaRenditionRecord.query(on: app.db).filter(\.$assetID == asset.requireID()).all()
    }

    static func isDeleted(_ app: Application, _ key: String) async throws -> Bool {
        do {
            for try await _ in try await app.uploads.storage.get(ObjectKey(key)!) {}
            return false
        } catch let error as StorageError where error.kind == .notFound {
            return true
        }
    }

    static func status(_ app: Application, _ rendition: MediaRenditionRecord) async throws -> HTTPStatus {
        var status = HTTPStatus.internalServerError
        try await app.testing().test(.GET, "/images/\(rendition.name)") { status = $0.status }
        return status
    }

    /// Left half red, top half green: after a quarter turn each quadrant has a colour of its own.
    static func quadrants(width: Int, height: Int) -> [UInt8] {
        TestFiles.rgbPNG(width: width, height: height) { x, y in (x < width / 2 ? 255 : 0, y < height / 2 ? 255 : 0, 128) }
    }

    @Test("a phone photo with GPS and a quarter-turn orientation: every rendition upright, without metadata, in AVIF, WebP and JPEG at each width",
          arguments: TestDatabase.allCases)
    func metadataAndOrientation(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let png = Self.temporary(Self.quadrants(width: 1000, height: 660), "png"), jpeg = png + ".jpg"
            defer { try? FileManager.default.removeItem(atPath: png); try? FileManager.default.removeItem(atPath: jpeg) }
            _ = try await Imaging.render(png, to: jpeg, width: 1000, focal: (0.5, 0.5), format: .jpeg, maxPixels: 1 << 30)
            // Orientation 6: stored landscape, shown turned a quarter clockwise, 660 × 1000.
            let phone = TestFiles.withEXIF(try [UInt8](Data(contentsOf: URL(fileURLWithPath: jpeg))), orientation: 6, latitude: (24, 42, 36))
            let withEXIF = Self.temporary(phone, "jpg")
            defer { try? FileManager.default.removeItem(atPath: withEXIF) }
            #expect(try await Imaging.hasMetadata(withEXIF))

            let editor = try await Self.editor(app)
            let asset = try await Self.asset(app, phone, as: "knee.jpg", by: editor)
            #expect(asset.width == 660 && asset.height == 1000 && asset.facesDetectedAt != nil)
            try await app.mediaLibrary.approve(asset.requireID(), by: editor, origin: Self.origin, on: app.db)
            try await Self.work(app)

            let made = try await Self.renditions(app, asset)
            let expected = Set(RenditionShape.allCases.flatMap { shape in [320, 640].flatMap { width in RenditionFormat.allCases.map { "\(shape)-\(width)-\($0)" } } })
            #expect(Set(made.map { "\($0.shape)-\($0.targetWidth)-\($0.format)" }) == expected && made.count == expected.count)
            for rendition in made {
                var body: [UInt8] = []
                try await app.testing().test(.GET, "/images/\(rendition.name)") { response in
                    #expect(response.status == .ok)
                    #expect(response.headers.first(name: .contentType) == rendition.format.contentType)
                    #expect(response.headers.first(name: .cacheControl) == "public, max-age=3600")
                    body = Array(response.body.readableBytesView)
                }
                let path = Self.temporary(body, rendition.format.fileExtension)
                defer { try? FileManager.default.removeItem(atPath: path) }
                #expect(try await Imaging.hasMetadata(path) == false, "\(rendition.name) kept metadata")
                #expect(!body.starts(with: [0xFF, 0xD8, 0xFF, 0xE1]) && body.firstRange(of: Array("Exif".utf8)) == nil)
                let size = try await Imaging.size(of: path, maxPixels: 1 << 30)
                #expect(size.width == rendition.width && size.height == rendition.height && rendition.width == rendition.targetWidth)
                if rendition.shape == .original {
                    #expect(abs(Double(rendition.height) / Double(rendition.width) - 1000.0 / 660.0) < 0.01)
                    // Upright: stored bottom-left (red) is now top-left, stored top-left (red and green) top-right.
                    let (width, height, pixels) = try await Imaging.rgb(of: path, maxPixels: 1 << 30)
                    func colour(_ fx: Double, _ fy: Double) -> (Int, Int) {
                        let at = (Int(fy * Double(height)) * width + Int(fx * Double(width))) * 3
                        return (Int(pixels[at]), Int(pixels[at + 1]))
                    }
                    let corners = [colour(0.25, 0.25), colour(0.75, 0.25), colour(0.25, 0.75), colour(0.75, 0.75)]
                    let wanted = [(255, 0), (255, 255), (0, 0), (0, 255)]
                    #expect(zip(corners, wanted).allSatisfy { abs($0.0 - $1.0) < 40 && abs($0.1 - $1.1) < 40 }, "\(rendition.name): \(corners)")
                } else {
                    #expect(rendition.height == Int((Double(rendition.width) * 9 / 16).rounded()))
                }
            }
            let audit = try await AuditTrail.latest(10, on: app.db).map(\.action)
            #expect(audit.contains("media.renditions") && audit.contains("media.approve") && audit.contains("media.faces"))
        }
    }

    @Test("a large photo's faces are covered on a copy only as large as its widest rendition needs, from which every rendition still comes out at full size",
          arguments: TestDatabase.allCases)
    func coverCopyIsReduced(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let editor = try await Self.editor(app)
            let bytes = Self.quadrants(width: 2600, height: 1800)
            let uploaded = try await Self.asset(app, bytes, as: "team.png", by: editor)
            let id = try uploaded.requireID()
            let face = PixelBox(x: 1000, y: 600, width: 400, height: 400)
            try await app.mediaLibrary.setFaceBoxes(id, [face], by: editor, origin: Self.origin, on: app.db)
            let asset = try #require(try await MediaAssetRecord.find(id, on: app.db))

            let source = Self.temporary(bytes, "png"), covered = source + ".covered.png"
            defer { try? FileManager.default.removeItem(atPath: source); try? FileManager.default.removeItem(atPath: covered) }
            try await app.mediaLibrary.coverFaces(of: asset, in: source, to: covered)
            let copy = try await Imaging.rgb(of: covered, maxPixels: 1 << 30)
            #expect(copy.width == 1920 && abs(copy.height - 1329) <= 1, "\(copy.width) × \(copy.height)")
            let margin = face.expanded(by: MediaLibrary.faceMargin, within: asset.width, asset.height)
            let blocks = try #require(Self.uniformBlocks(copy.pixels, width: copy.width, in: Self.inside(margin, scaledBy: Double(copy.width) / 2600)),
                                      "the cover is not uniform blocks")
            #expect(blocks <= 81, "\(blocks) blocks")

            for (width, height) in [(1920, 0), (1920, 1080), (320, 180)] {
                let output = covered + "-\(width)x\(height).jpg"
                defer { try? FileManager.default.removeItem(atPath: output) }
                let made = try await Imaging.render(covered, to: output, width: width, height: height, focal: (0.5, 0.5), format: .jpeg,
                                                    maxPixels: 1 << 30)
                #expect(made.width == width && (height == 0 ? abs(made.height - 1329) <= 1 : made.height == height), "\(made)")
            }
        }
    }

    /// `box` in a copy shrunk by `scale`, a pixel in from each rounded edge: wholly covered.
    static func inside(_ box: PixelBox, scaledBy scale: Double) -> PixelBox {
        let left = Int((Double(box.x) * scale).rounded(.up)) + 1, top = Int((Double(box.y) * scale).rounded(.up)) + 1
        let right = Int((Double(box.x + box.width) * scale).rounded(.down)) - 1, bottom = Int((Double(box.y + box.height) * scale).rounded(.down)) - 1
        return PixelBox(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// `box` in a copy shrunk by `scale`, a pixel out from each rounded edge: all the cover may touch.
    static func around(_ box: PixelBox, scaledBy scale: Double) -> PixelBox {
        let left = max(0, Int((Double(box.x) * scale).rounded(.down)) - 1), top = max(0, Int((Double(box.y) * scale).rounded(.down)) - 1)
        let right = Int((Double(box.x + box.width) * scale).rounded(.up)) + 1, bottom = Int((Double(box.y + box.height) * scale).rounded(.up)) + 1
        return PixelBox(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The fraction of `box` in which `a` and `b` differ by more than `threshold` on average per pixel.
    static func meanDifference(_ a: [UInt8], _ b: [UInt8], width: Int, inside box: PixelBox?, outside: PixelBox? = nil) -> Double {
        var total = 0, count = 0
        for y in 0..<(a.count / 3 / width) {
            for x in 0..<width {
                let within = box.map { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height } ?? true
                let excluded = outside.map { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height } ?? false
                guard within, !excluded else { continue }
                let at = (y * width + x) * 3
                total += abs(Int(a[at]) - Int(b[at])) + abs(Int(a[at + 1]) - Int(b[at + 1])) + abs(Int(a[at + 2]) - Int(b[at + 2]))
                count += 3
            }
        }
        return count == 0 ? 0 : Double(total) / Double(count)
    }

    /// How many blocks of one colour tile `box`: each row of pixels is split where the colour
    /// changes, and the distinct runs are counted over the box.
    static func uniformBlocks(_ pixels: [UInt8], width: Int, in box: PixelBox) -> Int? {
        func colour(_ x: Int, _ y: Int) -> UInt32 {
            let at = (y * width + x) * 3
            return UInt32(pixels[at]) << 16 | UInt32(pixels[at + 1]) << 8 | UInt32(pixels[at + 2])
        }
        var columnsEdges = Set<Int>(), rowEdges = Set<Int>()
        for y in box.y..<(box.y + box.height) {
            for x in (box.x + 1)..<(box.x + box.width) where colour(x, y) != colour(x - 1, y) { columnsEdges.insert(x) }
        }
        for x in box.x..<(box.x + box.width) {
            for y in (box.y + 1)..<(box.y + box.height) where colour(x, y) != colour(x, y - 1) { rowEdges.insert(y) }
        }
        // The edges form one grid: every cell between them must be a single colour.
        let xs = [box.x] + columnsEdges.sorted(), ys = [box.y] + rowEdges.sorted()
        for (i, x0) in xs.enumerated() {
            let x1 = i + 1 < xs.count ? xs[i + 1] : box.x + box.width
            for (j, y0) in ys.enumerated() {
                let y1 = j + 1 < ys.count ? ys[j + 1] : box.y + box.height
                let first = colour(x0, y0)
                for y in y0..<y1 { for x in x0..<x1 where colour(x, y) != first { return nil } }
            }
        }
        return xs.count * ys.count
    }

    @Test("a frontal face and a profile face are found and covered by at most 8×8 uniform blocks; the rest of the photo is untouched",
          arguments: TestDatabase.allCases)
    func facesCovered(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let editor = try await Self.editor(app)
            for name in ["astronaut.png", "camera.png"] {
                let bytes = try Self.photo(name)
                let asset = try await Self.asset(app, bytes, as: name, by: editor)
                let faces = asset.faceBoxes
                #expect(!faces.isEmpty && faces.allSatisfy { $0.source == .detected }, "no face found in \(name)")
                guard let face = faces.first?.box else { continue }

                // The covered image every public rendition is made from, pixel for pixel, against
                // the same copy with nothing covered (both as small as the widest rendition allows).
                let source = Self.temporary(bytes, "png"), covered = source + ".covered.png", plain = source + ".plain.png"
                defer { for path in [source, covered, plain] { try? FileManager.default.removeItem(atPath: path) } }
                try await app.mediaLibrary.coverFaces(of: asset, in: source, to: covered)
                try await Imaging.cover(source, to: plain, boxes: [], atLeast: MediaLibrary.coverSize(for: asset.width), maxPixels: 1 << 30)
                let original = try await Imaging.rgb(of: plain, maxPixels: 1 << 30), cover = try await Imaging.rgb(of: covered, maxPixels: 1 << 30)
                #expect(cover.width == MediaLibrary.coverSize(for: asset.width).width && original.width == cover.width)
                let margin = face.expanded(by: MediaLibrary.faceMargin, within: asset.width, asset.height)
                let scale = Double(cover.width) / Double(asset.width)
                let blocks = try #require(Self.uniformBlocks(cover.pixels, width: cover.width, in: Self.inside(margin, scaledBy: scale)),
                                          "\(name): the cover is not uniform blocks")
                #expect(blocks <= 81, "\(name): \(blocks) blocks")
                #expect(Self.meanDifference(original.pixels, cover.pixels, width: original.width, inside: nil,
                                            outside: Self.around(margin, scaledBy: scale)) < 1, "\(name) changed outside its face box")

                // What the public gets: the approved photo's renditions, in which no detector finds the face again.
                try await app.mediaLibrary.approve(asset.requireID(), by: editor, origin: Self.origin, on: app.db)
                try await Self.work(app)
                let jpeg = try #require(try await Self.renditions(app, asset).first { $0.shape == .original && $0.format == .jpeg })
                #expect(jpeg.covered)
                var body: [UInt8] = []
                try await app.testing().test(.GET, "/images/\(jpeg.name)") { body = Array($0.body.readableBytesView) }
                let served = Self.temporary(body, "jpg")
                defer { try? FileManager.default.removeItem(atPath: served) }
                let found = try await Imaging.faces(in: served, maxPixels: 1 << 30)
                let shown = Double(jpeg.width) / Double(asset.width)
                let scaledFace = PixelBox(x: Int(Double(face.x) * shown), y: Int(Double(face.y) * shown),
                                          width: Int(Double(face.width) * shown), height: Int(Double(face.height) * shown))
                #expect(!found.contains { box in
                    abs(box.x - scaledFace.x) < scaledFace.width / 2 && abs(box.y - scaledFace.y) < scaledFace.height / 2
                }, "\(name): the face is still found in the public rendition")
            }
        }
    }

    @Test("a photo whose renditions job died is not queued again by every page view", arguments: TestDatabase.allCases)
    func deadRenditionsNotRequeued(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let editor = try await Self.editor(app)
            let asset = try await Self.asset(app, Self.quadrants(width: 400, height: 300), as: "diagram.png", by: editor)
            let id = try asset.requireID()
            try await app.mediaLibrary.approve(id, by: editor, origin: Self.origin, on: app.db)
            // Its file can no longer be read (here: found infected after all), so the job cannot succeed.
            try await UploadRecord.query(on: app.db).filter(\.$id == asset.uploadID).set(\.$state, to: .infected).update()
            try await Self.work(app)
            let jobs = JobRecord.query(on: app.db).filter(\.$kind == RenditionsJob.kind)
            #expect(try await jobs.all().map(\.state) == [.dead])
            for _ in 0..<3 { _ = try await app.mediaLibrary.publicImage(id, locale: .en, on: app.db) }
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == RenditionsJob.kind).count() == 1, "each view queued the job again")
        }
    }

    @Test("a photo nobody approved has no public variant; editing its faces withdraws the approved one at once", arguments: TestDatabase.allCases)
    func reviewGate(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let editor = try await Self.editor(app)
            let asset = try await Self.asset(app, try Self.photo("astronaut.png"), as: "astronaut.png", by: editor)
            let id = try asset.requireID()
            try await app.mediaLibrary.makeRenditions(id, on: app.db)
            #expect(try await Self.renditions(app, asset).isEmpty)
            #expect(try await app.mediaLibrary.publicImage(id, locale: .en, on: app.db) == nil)
            #expect(MediaPublication(asset: asset, consents: [], now: Date()).refusalKey != nil)

            try await app.mediaLibrary.approve(id, by: editor, origin: Self.origin, on: app.db)
            try await Self.work(app)
            let live = try await Self.renditions(app, asset)
            #expect(!live.isEmpty && live.allSatisfy(\.covered))
            let image = try #require(try await app.mediaLibrary.publicImage(id, locale: .en, on: app.db))
            #expect(image.sources.map(\.format) == [.avif, .webp, .jpeg] && image.width == 320 && image.height == 320)

            // A box added by hand: the photo waits for approval again, and its variants are gone now, not after a job.
            try await app.mediaLibrary.setFaceBoxes(id, asset.faceBoxes.map(\.box) + [PixelBox(x: 0, y: 0, width: 40, height: 40)],
                                                    by: editor, origin: Self.origin, on: app.db)
            let edited = try #require(try await MediaAssetRecord.find(id, on: app.db))
            #expect(edited.reviewState == .unreviewed && edited.faceBoxes.last?.source == .manual)
            #expect(try await app.mediaLibrary.publicImage(id, locale: .en, on: app.db) == nil)
            for rendition in live { #expect(try await Self.status(app, rendition) == .gone) }
            try await Self.work(app)
            #expect(try await Self.renditions(app, asset).allSatisfy { $0.withdrawnAt != nil })
        }
    }

    @Test("withdrawing a consent: every public variant answers 410 once the queue drains, pages and the CDN are told, the audit records it",
          arguments: TestDatabase.allCases)
    func withdrawal(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let recorder = RecordingPublicationHooks()
            let library = MediaLibrary(uploads: app.uploads, hooks: recorder, purger: recorder)
            let editor = try await Self.editor(app)
            let coordinator = try await TestAccounts.account(app, role: .coordinator, secondFactor: false).0.requireID()
            let asset = try await Self.asset(app, try Self.photo("astronaut.png"), as: "astronaut.png", by: editor)
            let id = try asset.requireID()
            let consent = try await library.recordConsent(for: .person(name: "Eileen  Collins"), ConsentTerms(photoLevel: .publicWithFace,
                                                          evidenceReference: "Signed form, paper file 2026/114"), by: coordinator,
                                                          origin: Self.origin, on: app.db)
            try await library.setPeople(id, consents: [consent.requireID()], by: editor, origin: Self.origin, on: app.db)
            try await library.approve(id, by: editor, origin: Self.origin, on: app.db)
            try await Self.work(app, library)
            // Her consent shows her face: the public variants are not covered.
            let shown = try await Self.renditions(app, asset)
            #expect(!shown.isEmpty && shown.allSatisfy { !$0.covered && $0.withdrawnAt == nil })

            // Narrowed to anonymised: covered variants replace the uncovered ones.
            let again = try await library.recordConsent(for: .person(name: "eileen collins"), ConsentTerms(photoLevel: .anonymised,
                                                        evidenceReference: "Signed form, paper file 2026/114"), by: coordinator,
                                                        origin: Self.origin, on: app.db)
            #expect(try again.requireID() == consent.requireID())
            for rendition in shown { #expect(try await Self.status(app, rendition) == .gone) }
            try await Self.work(app, library)
            let covered = try await Self.renditions(app, asset).filter { $0.withdrawnAt == nil }
            #expect(!covered.isEmpty && covered.allSatisfy(\.covered))
            for rendition in covered { #expect(try await Self.status(app, rendition) == .ok) }

            try await library.withdrawConsent(consent.requireID(), by: coordinator, origin: Self.origin, on: app.db)
            try await library.withdrawConsent(consent.requireID(), by: coordinator, origin: Self.origin, on: app.db)
            try await Self.work(app, library)
            let all = try await Self.renditions(app, asset)
            #expect(all.allSatisfy { $0.withdrawnAt != nil })
            for rendition in all { #expect(try await Self.status(app, rendition) == .gone) }
            #expect(try await library.publicImage(id, locale: .en, on: app.db) == nil)
            #expect(recorder.unpublished.last == [id])
            #expect(Set(recorder.purged.last ?? []).isSuperset(of: covered.map { MediaLibrary.publicPath + $0.name }))
            #expect(try await Self.isDeleted(app, covered[0].storageKey))
            let actions = try await AuditTrail.latest(40, on: app.db).map(\.action)
            #expect(actions.filter { $0 == "consent.withdraw" }.count == 1 && actions.contains("media.unpublish"))

            // The job again changes nothing and writes no second unpublishing.
            let unpublishings = actions.filter { $0 == "media.unpublish" }.count
            try await library.consentChanged(consent.requireID(), since: Date(), on: app.db)
            #expect(try await AuditTrail.latest(40, on: app.db).map(\.action).filter { $0 == "media.unpublish" }.count == unpublishings)
        }
    }

    @Test("a consent for some locales shows the photo on those pages only", arguments: TestDatabase.allCases)
    func locales(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let editor = try await Self.editor(app)
            let asset = try await Self.asset(app, try Self.photo("camera.png"), as: "camera.png", by: editor)
            let id = try asset.requireID()
            let consent = try await app.mediaLibrary.recordConsent(for: .person(name: "A. Photographer"),
                                                                   ConsentTerms(photoLevel: .anonymised, locales: [.en, .ru], evidenceReference: "form 7"),
                                                                   by: editor, origin: Self.origin, on: app.db)
            try await app.mediaLibrary.setPeople(id, consents: [consent.requireID()], by: editor, origin: Self.origin, on: app.db)
            try await app.mediaLibrary.describe(id, title: "Cameraman", alt: [.en: "A man with a camera", .ru: "Человек с камерой"], tags: ["Team Day"],
                                                by: editor, origin: Self.origin, on: app.db)
            try await app.mediaLibrary.approve(id, by: editor, origin: Self.origin, on: app.db)
            try await Self.work(app)
            #expect(try await app.mediaLibrary.publicImage(id, locale: .en, on: app.db)?.alt == "A man with a camera")
            #expect(try await app.mediaLibrary.publicImage(id, locale: .ru, on: app.db)?.alt == "Человек с камерой")
            #expect(try await app.mediaLibrary.publicImage(id, locale: .ar, on: app.db) == nil)
            #expect(try await MediaAssetRecord.find(id, on: app.db)?.tags == ["team-day"])
            let expired = try await app.mediaLibrary.recordConsent(for: .person(name: "A. Photographer"),
                                                                   ConsentTerms(photoLevel: .anonymised, expiresAt: Date().addingTimeInterval(60),
                                                                                evidenceReference: "form 7"),
                                                                   by: editor, origin: Self.origin, on: app.db)
            #expect(expired.level(at: Date().addingTimeInterval(120)) == PhotoConsentLevel.none)
            let name = try #require(try await Self.renditions(app, asset).first { $0.withdrawnAt == nil }?.name)
            #expect(try await app.mediaLibrary.publicRendition(named: name, on: app.db, now: Date().addingTimeInterval(120)).isGone)
            // Once it has run out, the recurring job makes it final.
            #expect(try await app.mediaLibrary.unpublishExpired(on: app.db) == 0)
            #expect(try await app.mediaLibrary.unpublishExpired(on: app.db, now: Date().addingTimeInterval(120)) == 1)
            #expect(try await Self.renditions(app, asset).allSatisfy { $0.withdrawnAt != nil })
            #expect(try await app.mediaLibrary.unpublishExpired(on: app.db, now: Date().addingTimeInterval(120)) == 0)
            await #expect(throws: ValidationFailure.self) {
                try await app.mediaLibrary.recordConsent(for: .person(name: " "), ConsentTerms(photoLevel: .anonymised), by: editor,
                                                         origin: Self.origin, on: app.db)
            }
        }
    }
}

extension PublicRenditionLookup {
    var isGone: Bool { if case .gone = self { true } else { false } }
}
