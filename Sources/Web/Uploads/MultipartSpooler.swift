import Core
import Foundation
import Media
import Vapor

/// A file part of a streamed form, written to a temporary file as it arrived.
struct SpooledFile: Sendable {
    /// The name the sender's device gave it (sanitised later, never used as a path).
    let claimedName: String
    /// Nil when it was refused while it arrived (too large, one file too many).
    let path: String?
    let refusal: UploadRefusal?
}

/// A `multipart/form-data` body read as it arrives: text fields kept (small), files spooled to
/// temporary files in chunks, so a 500 MB study never sits in memory. Limits apply as the bytes
/// come: a file past the largest size any kind may have is cut off and refused, files past the
/// per-request count are refused unread.
struct StreamedForm: Sendable {
    var fields: [String: String] = [:]
    var files: [SpooledFile] = []

    /// Removes the spooled files; call once they are stored or refused.
    func discard() {
        for case let path? in files.map(\.path) { try? FileManager.default.removeItem(atPath: path) }
    }
}

struct MalformedForm: DomainError {
    var kind: ErrorKind { .invalid }
    var messageKey: String { msgid("The form could not be read. Reload the page and send it again.") }
}

enum MultipartSpooler {
    /// Text fields are names, tokens and short answers: together they stay small.
    static let fieldBytes = 64 << 10

    /// Reads `req`'s streamed body. `beforeFirstFile` sees the fields read so far just before the
    /// first file's bytes would be written, and throws to stop (the CSRF check: a page's token
    /// field comes before its file input, so no cross-site post gets a byte spooled).
    static func read(_ req: Request, limits: UploadLimits, folder: String, beforeFirstFile: @escaping ([String: String]) throws -> Void) async throws -> StreamedForm {
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
              let boundary = type.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw MalformedForm()
        }
        let collector = PartCollector(limits: limits, folder: try spoolFolder(folder), beforeFirstFile: beforeFirstFile)
        let parser = MultipartStreamParser(boundary: boundary)
        parser.onPartBegin = { headers in collector.begin(headers) }
        parser.onBody = { buffer in collector.body(buffer) }
        parser.onPartEnd = { collector.complete() }
        do {
            for try await chunk in req.body {
                do {
                    try parser.feed(chunk)
                } catch {
                    throw MalformedForm()
                }
                if let failure = collector.failure { throw failure }
            }
            // A body cut off before its closing delimiter (the sender went away) is not a form.
            guard parser.isFinished else { throw MalformedForm() }
        } catch {
            collector.abandon()
            throw error
        }
        return collector.form
    }

    /// `folder`, made (private to us) when it is not there yet.
    static func spoolFolder(_ folder: String) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SpoolUnavailable()
        }
        return folder
    }
}

/// The parser's callbacks are synchronous and cannot throw: the first problem is kept here and
/// the reading loop stops on it.
private final class PartCollector: @unchecked Sendable {
    // Touched only from the one task reading the body.
    let limits: UploadLimits
    let folder: String
    let beforeFirstFile: ([String: String]) throws -> Void
    var form = StreamedForm()
    var failure: (any Error)?

    private var part: Part?
    private var fieldBytes = 0
    private var gatePassed = false

    enum Part {
        case field(name: String, value: [UInt8])
        case file(name: String, handle: FileHandle, path: String, written: Int64)
        case refusedFile(name: String, UploadRefusal)
        case ignored
    }

    init(limits: UploadLimits, folder: String, beforeFirstFile: @escaping ([String: String]) throws -> Void) {
        self.limits = limits
        self.folder = folder
        self.beforeFirstFile = beforeFirstFile
    }

    func begin(_ headers: [(String, String)]) {
        guard failure == nil else { return }
        part = begin(headers: headers)
    }

    func body(_ buffer: ByteBuffer) {
        guard failure == nil else { return }
        switch part {
        case .field(let name, var value):
            fieldBytes += buffer.readableBytes
            guard fieldBytes <= MultipartSpooler.fieldBytes else { return fail(MalformedForm()) }
            value.append(contentsOf: buffer.readableBytesView)
            part = .field(name: name, value: value)
        case .file(let name, let handle, let path, var written):
            written += Int64(buffer.readableBytes)
            if written > limits.largestBytes {
                try? handle.close()
                try? FileManager.default.removeItem(atPath: path)
                part = .refusedFile(name: name, .tooLarge(.dicomArchive, limit: limits.largestBytes))
                return
            }
            do {
                try buffer.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            } catch {
                return fail(error)
            }
            part = .file(name: name, handle: handle, path: path, written: written)
        case .refusedFile, .ignored, nil:
            break
        }
    }

    func complete() {
        guard failure == nil else { return }
        switch part {
        case .field(let name, let value):
            if form.fields[name] == nil { form.fields[name] = String(decoding: value, as: UTF8.self) }
        case .file(let name, let handle, let path, _):
            try? handle.close()
            form.files.append(SpooledFile(claimedName: name, path: path, refusal: nil))
        case .refusedFile(let name, let refusal):
            form.files.append(SpooledFile(claimedName: name, path: nil, refusal: refusal))
        case .ignored, nil:
            break
        }
        part = nil
    }

    /// What the part just begun is, from its Content-Disposition.
    private func begin(headers: [(String, String)]) -> Part {
        guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1,
              let parsed = ContentDisposition(parsing: disposition), let name = parsed.name else { return .ignored }
        guard let filename = parsed.filename else { return .field(name: name, value: []) }
        // A file input left empty sends a part with an empty name and no bytes.
        if filename.isEmpty { return .ignored }
        if !gatePassed {
            do {
                try beforeFirstFile(form.fields)
                gatePassed = true
            } catch {
                fail(error)
                return .ignored
            }
        }
        let count = form.files.count + 1
        guard count <= limits.filesPerRequest else { return .refusedFile(name: filename, .tooManyFiles(limit: limits.filesPerRequest)) }
        let path = folder + "/" + UUID().uuidString.lowercased()
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else {
            fail(SpoolUnavailable())
            return .ignored
        }
        return .file(name: filename, handle: handle, path: path, written: 0)
    }

    private func fail(_ error: any Error) {
        failure = failure ?? error
    }

    /// Removes whatever was spooled when reading stopped half-way.
    func abandon() {
        if case .file(_, let handle, let path, _) = part {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
        }
        part = nil
        form.discard()
    }
}

struct SpoolUnavailable: DomainError {
    var kind: ErrorKind { .unavailable }
    var messageKey: String { msgid("We cannot receive files at the moment. Try again in a few minutes.") }
}

/// `form-data; name="files"; filename="x.png"`: the two values a form part carries.
struct ContentDisposition: Equatable {
    var name: String?
    var filename: String?

    init?(parsing header: String) {
        var items = Self.split(header)
        guard let first = items.first, first.trimmingCharacters(in: .whitespaces).lowercased() == "form-data" else { return nil }
        items.removeFirst()
        for item in items {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let key = item[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = item[item.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "%22", with: "\"")
            }
            switch key {
            case "name": name = value
            case "filename": filename = value
            default: break
            }
        }
    }

    /// Splits on `;` outside double quotes.
    static func split(_ header: String) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in header {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true; current.append(character)
            case "\"": quoted.toggle(); current.append(character)
            case ";" where !quoted: items.append(current); current = ""
            default: current.append(character)
            }
        }
        items.append(current)
        return items
    }
}
