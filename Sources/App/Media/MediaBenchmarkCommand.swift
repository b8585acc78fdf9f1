import Foundation
import Glibc
import Media
import Vapor

/// `healthconnect bench-media --photo PATH`: what a worker does with one photo, timed step by
/// step with the library's own calls (size, face detection, covering, every rendition in every
/// format at the original shape and the wide crop), and the process's peak resident memory
/// before and after, for `bench/media.sh`. It reads the photo and writes only to a temporary folder.
struct MediaBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "photo", help: "The photo to work on")
        var photo: String?
    }

    var help: String { "Times renditions and face detection of one photo, and the peak memory they take." }

    static func peakMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let photo = signature.photo, FileManager.default.fileExists(atPath: photo) else {
            throw CommandFailure("--photo must name an image file")
        }
        let maxPixels = context.application.uploads.limits.imagePixels
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hc-bench-media-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let before = Self.peakMiB()
        func timed<T>(_ label: String, _ body: () async throws -> T) async throws -> T {
            let start = ContinuousClock.now
            let result = try await body()
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            context.console.print(String(format: "%@\t%.0f ms", label, ms))
            return result
        }
        let (width, height) = try await timed("size") { try await Imaging.size(of: photo, maxPixels: maxPixels) }
        context.console.print("photo\t\(width)x\(height)")
        let faces = try await timed("faces (frontal + profile, both ways)") { try await Imaging.faces(in: photo, maxPixels: maxPixels) }
        context.console.print("faces found\t\(faces.count)")
        let boxes = faces.map { $0.expanded(by: 0.25, within: width, height) }
        try await timed("cover faces (PNG, no larger than the widest rendition needs)") {
            try await Imaging.cover(photo, to: work + "/covered.png", boxes: boxes, atLeast: MediaLibrary.coverSize(for: width), maxPixels: maxPixels)
        }
        // As the worker does: a photo with faces has its renditions made from the covered copy.
        let source = faces.isEmpty ? photo : work + "/covered.png"
        for format in RenditionFormat.allCases {
            var total = 0.0
            for shape in [0.0, 9.0 / 16.0] {
                for target in MediaLibrary.widths where target <= width {
                    let start = ContinuousClock.now
                    _ = try await Imaging.render(source, to: "\(work)/\(target)-\(shape).\(format.fileExtension)", width: target,
                                                 height: Int((Double(target) * shape).rounded()), focal: (0.5, 0.5), format: format,
                                                 maxPixels: maxPixels)
                    let elapsed = ContinuousClock.now - start
                    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                    total += ms
                    context.console.print(String(format: "%@ %d%@\t%.0f ms", format.rawValue, target, shape == 0 ? "" : " wide", ms))
                }
            }
            context.console.print(String(format: "%@ all widths, both shapes\t%.0f ms", format.rawValue, total))
        }
        context.console.print(String(format: "peak resident memory\t%.0f MiB (%.0f MiB before the photo)", Self.peakMiB(), before))
    }
}
