#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// A `multipart/form-data` parser for bodies that arrive in pieces. Boundaries are found with
/// `memchr` and `memcmp` over whole buffers, not byte by byte, so a 500 MB study passes at disk speed, and body
/// bytes are handed on as slices of the arriving buffers, never copied into one.
final class MultipartStreamParser {
    enum Failure: Error { case malformed }

    /// A part's headers, names lower-cased.
    var onPartBegin: ([(String, String)]) -> Void = { _ in }
    var onBody: (ByteBuffer) -> Void = { _ in }
    var onPartEnd: () -> Void = {}

    /// Headers of one part are a few lines; more is not a form.
    static let headerLimit = 16 << 10

    private enum State { case preamble, headers, body, afterDelimiter, epilogue }
    private var state = State.preamble
    private var pending = ByteBuffer()
    /// `--boundary`: the first delimiter, and the rest of every later `\r\n--boundary`.
    private let dashBoundary: [UInt8]
    private let delimiter: [UInt8]

    init(boundary: String) {
        dashBoundary = Array("--\(boundary)".utf8)
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// Whether the closing delimiter has been read.
    var isFinished: Bool { state == .epilogue }

    func feed(_ chunk: ByteBuffer) throws {
        var chunk = chunk
        pending.writeBuffer(&chunk)
        while try step() {}
        // Read bytes are dropped so the buffer holds only what is not parsed yet.
        pending.discardReadBytes()
    }

    /// One move of the state machine; false when it needs more bytes.
    private func step() throws -> Bool {
        switch state {
        case .preamble:
            // The first delimiter may open the body; anything before it is ignored.
            if let at = find(dashBoundary) {
                pending.moveReaderIndex(forwardBy: at + dashBoundary.count)
                state = .afterDelimiter
                return true
            }
            keepTail(dashBoundary.count - 1)
            return false
        case .afterDelimiter:
            guard pending.readableBytes >= 2, let two = pending.readBytes(length: 2) else { return false }
            if two == [0x2D, 0x2D] {
                state = .epilogue
            } else if two == [0x0D, 0x0A] {
                state = .headers
            } else {
                throw Failure.malformed
            }
            return true
        case .headers:
            guard let end = startsWithCRLF() ? -2 : find([0x0D, 0x0A, 0x0D, 0x0A]) else {
                if pending.readableBytes > Self.headerLimit { throw Failure.malformed }
                return false
            }
            let length = max(end, 0)
            let block = pending.readString(length: length) ?? ""
            pending.moveReaderIndex(forwardBy: end < 0 ? 2 : 4)
            var headers: [(String, String)] = []
            for line in block.split(separator: "\r\n", omittingEmptySubsequences: true) {
                guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed }
                headers.append((line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            onPartBegin(headers)
            state = .body
            return true
        case .body:
            if let at = find(delimiter) {
                if at > 0, let slice = pending.readSlice(length: at) { onBody(slice) }
                pending.moveReaderIndex(forwardBy: delimiter.count)
                onPartEnd()
                state = .afterDelimiter
                return true
            }
            // All but what could be the start of a delimiter split across two chunks.
            let safe = pending.readableBytes - (delimiter.count - 1)
            if safe > 0, let slice = pending.readSlice(length: safe) { onBody(slice) }
            return false
        case .epilogue:
            pending.moveReaderIndex(forwardBy: pending.readableBytes)
            return false
        }
    }

    /// A part with no headers at all starts with the blank line itself.
    private func startsWithCRLF() -> Bool {
        pending.readableBytes >= 2 && pending.getBytes(at: pending.readerIndex, length: 2) == [0x0D, 0x0A]
    }

    private func keepTail(_ count: Int) {
        let drop = pending.readableBytes - count
        if drop > 0 { pending.moveReaderIndex(forwardBy: drop) }
    }

    /// Offset of `needle` in the unread bytes.
    private func find(_ needle: [UInt8]) -> Int? {
        pending.withUnsafeReadableBytes { haystack -> Int? in
            guard let base = haystack.baseAddress, haystack.count >= needle.count else { return nil }
            return needle.withUnsafeBytes { pattern -> Int? in
                guard let patternBase = pattern.baseAddress else { return nil }
                // memchr to each candidate first byte, memcmp for the rest: C speed even in a debug build.
                var offset = 0
                let last = haystack.count - needle.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(needle[0]), last - offset + 1) else { return nil }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, patternBase, needle.count) == 0 { return at }
                    offset = at + 1
                }
                return nil
            }
        }
    }
}
