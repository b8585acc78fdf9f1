internal import CQRencode
import Markup

/// A QR code drawn as inline SVG on the server (libqrencode makes the matrix): no script, no
/// image request, and it scales sharply on any screen. Black on white with the four-module quiet
/// zone scanners need, in either reading direction.
public struct QRCode: Node {
    /// Rows of modules, true for dark.
    public let modules: [[Bool]]
    let label: String

    /// Nil when `text` cannot be encoded (longer than a QR code holds).
    public init?(_ text: String, label: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        var rows: [[Bool]] = []
        for y in 0..<width {
            rows.append((0..<width).map { x in code.pointee.data[y * width + x] & 1 == 1 })
        }
        self.modules = rows
        self.label = label
    }

    public func render(into buffer: inout String) {
        let quiet = 4
        let size = modules.count + 2 * quiet
        var d = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark {
                d += "M\(x + quiet) \(y + quiet)h1v1h-1z"
            }
        }
        svg(.viewBox("0 0 \(size) \(size)"), .role("img"), .aria(.label, label), .dir("ltr"),
            .class("size-56 rounded-lg bg-white"), .shapeRendering("crispEdges")) {
            path(.d("M0 0h\(size)v\(size)h-\(size)z"), .fill("#fff"))
            path(.d(d), .fill("#000"))
        }.render(into: &buffer)
    }
}
