import Foundation

/// What we read from a DICOM file's header with DCMTK's `dcmdump`: the identifying tags, shown
/// only to those allowed to see the record, and what grouping and previewing need.
public struct DicomTags: Codable, Sendable, Equatable {
    public var patientName: String?
    public var patientID: String?
    public var birthDate: String?
    public var institution: String?
    public var modality: String?
    public var seriesDescription: String?
    public var studyDate: String?
    var seriesUID: String?
    var instanceNumber: Int?
    var transferSyntax: String?
    var columns: Int?
    /// `MediaStorageDirectoryStorage` for a DICOMDIR: the disc's index, not an image.
    var storageClass: String?

    public init() {}

    var isDirectory: Bool {
        storageClass == "MediaStorageDirectoryStorage" || storageClass == "1.2.840.10008.1.3.10"
    }

    /// Whether the person-identifying part is empty (an anonymised study).
    public var identifiesNoOne: Bool { patientName == nil && patientID == nil && birthDate == nil && institution == nil }
}

/// DICOM files on disk: their tags, and a PNG of their first frame.
enum DicomFile {
    static let dcmdump = ExternalTool(executable: "/usr/bin/dcmdump")
    static let dcmj2pnm = ExternalTool(executable: "/usr/bin/dcmj2pnm")
    static let gdcmconv = ExternalTool(executable: "/usr/bin/gdcmconv")

    /// A DICOM Part 10 file has `DICM` after its 128-byte preamble.
    static func isDicom(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 132), head.count == 132 else { return false }
        return Array(head.suffix(4)) == Array("DICM".utf8)
    }

    static func tags(of path: String) async throws -> DicomTags {
        let names = ["PatientName", "PatientID", "PatientBirthDate", "InstitutionName", "Modality", "SeriesDescription",
                     "StudyDate", "SeriesInstanceUID", "InstanceNumber", "TransferSyntaxUID", "Columns", "MediaStorageSOPClassUID"]
        // -M leaves long values (the pixels) unread; +P prints only the tags asked for.
        let output = try await dcmdump.run(["-q", "-M"] + names.flatMap { ["+P", $0] } + [path])
        return parse(output)
    }

    /// `(0010,0010) PN [Test^Patient]   #  12, 1 PatientName`, or `=JPEG2000LosslessOnly` for a UID with a name.
    static func parse(_ dump: String) -> DicomTags {
        var tags = DicomTags()
        var seen: Set<Substring> = []
        for line in dump.split(separator: "\n") {
            guard let hash = line.lastIndex(of: "#"), let name = line[hash...].split(separator: " ").last else { continue }
            let body = line[..<hash]
            var value: String?
            if let open = body.firstIndex(of: "["), let close = body.lastIndex(of: "]"), open < close {
                value = String(body[body.index(after: open)..<close])
            } else if let equals = body.firstIndex(of: "=") {
                value = body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
            guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty, !seen.contains(name) else { continue }
            seen.insert(name)
            switch name {
            case "PatientName": tags.patientName = value.replacingOccurrences(of: "^", with: " ").trimmingCharacters(in: .whitespaces)
            case "PatientID": tags.patientID = value
            case "PatientBirthDate": tags.birthDate = value
            case "InstitutionName": tags.institution = value
            case "Modality": tags.modality = value
            case "SeriesDescription": tags.seriesDescription = value
            case "StudyDate": tags.studyDate = value
            case "SeriesInstanceUID": tags.seriesUID = value
            case "InstanceNumber": tags.instanceNumber = Int(value.trimmingCharacters(in: .whitespaces))
            case "TransferSyntaxUID": tags.transferSyntax = value
            case "Columns": tags.columns = Int(value)
            case "MediaStorageSOPClassUID": tags.storageClass = value
            default: break
            }
        }
        return tags
    }

    /// JPEG 2000 (by UID or by DCMTK's name for it), which DCMTK on Debian cannot decode itself.
    static func isJPEG2000(_ syntax: String?) -> Bool {
        guard let syntax else { return false }
        return syntax.hasPrefix("JPEG2000") || ["1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"].contains(syntax)
    }

    /// The first frame of `path` as an 8-bit PNG at most `width` pixels wide, windowed by its
    /// values' range so that an X-ray is neither black nor white. Text burned into the pixels stays.
    static func preview(of path: String, tags: DicomTags, to png: String, width: Int = 768, workFolder: String) async throws {
        var source = path
        if isJPEG2000(tags.transferSyntax) {
            source = workFolder + "/" + UUID().uuidString.lowercased() + ".raw.dcm"
            _ = try await gdcmconv.run(["--raw", path, source])
        }
        defer { if source != path { try? FileManager.default.removeItem(atPath: source) } }
        var arguments = ["-q", "+on", "-il", "-mf", "+Wm", "+F", "1"]
        if let columns = tags.columns, columns > width { arguments += ["+Sxv", String(width)] }
        _ = try await dcmj2pnm.run(arguments + [source, png])
    }
}

/// A study archive unpacked into a private temporary folder, after `ZipInspector` refused any
/// entry that could escape it (`..`, absolute paths, links, devices).
enum ArchiveUnpacker {
    static let unzip = ExternalTool(executable: "/usr/bin/unzip")

    /// The regular files of `zip` unpacked under `folder`, as paths.
    static func unpack(_ zip: String, into folder: String) async throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // -qq quiet, -o overwrite; unzip refuses `..` itself too, and keeps no owners without -X.
        _ = try await unzip.run(["-qq", "-o", zip, "-d", folder], limit: 600)
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = folder + "/" + relative
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
               (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
