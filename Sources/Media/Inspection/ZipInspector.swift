import Core
import Foundation

/// Reads a ZIP archive's central directory, without unpacking anything, and refuses what could
/// hurt whoever unpacks it: entry names that climb out of the folder (`..`, absolute paths, drive
/// letters), links and devices, encryption (it cannot be scanned), methods other than stored and
/// deflate, too many entries, too much unpacked, a compression ratio only a bomb reaches, and
/// entries whose data overlap (the "overlapping files" bomb).
public enum ZipInspector {
    public struct Summary: Sendable, Equatable {
        public var entries: Int
        public var unpackedBytes: Int64
    }

    public enum Refusal: Error, Equatable, Sendable {
        case notAnArchive
        case tooManyEntries
        case tooLargeUnpacked
        case ratio(name: String)
        case unsafeName(String)
        case linkOrDevice(name: String)
        case encrypted
        case unsupportedMethod
        case overlapping
    }

    /// The central directory is at most this big: 5,000 entries with long names fit in a few MB.
    static let maximumDirectoryBytes = 32 << 20

    public static func inspect(_ file: FileHandle, size: Int64, limits: UploadLimits) throws(Refusal) -> Summary {
        let tailLength = Int(min(size, 22 + 65_535))
        guard tailLength >= 22, let tail = read(file, at: size - Int64(tailLength), count: tailLength) else { throw .notAnArchive }
        guard let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: {
            tail[$0] == 0x50 && tail[$0 + 1] == 0x4B && tail[$0 + 2] == 0x05 && tail[$0 + 3] == 0x06
        }) else { throw .notAnArchive }
        let declared = Int(le16(tail, end + 10))
        let directorySize = Int(le32(tail, end + 12))
        let directoryOffset = Int64(le32(tail, end + 16))
        // ZIP64 markers: an archive of more than 65,535 entries or 4 GiB is beyond every limit here.
        guard declared != 0xFFFF, directorySize != 0xFFFF_FFFF, directoryOffset != 0xFFFF_FFFF else { throw .tooManyEntries }
        guard declared <= limits.archiveEntries else { throw .tooManyEntries }
        guard directorySize <= maximumDirectoryBytes, directoryOffset + Int64(directorySize) <= size,
              let directory = read(file, at: directoryOffset, count: directorySize) else { throw .notAnArchive }

        var offset = 0
        var unpacked: Int64 = 0
        var spans: [(start: Int64, end: Int64)] = []
        while offset + 46 <= directory.count, le32(directory, offset) == 0x0201_4B50 {
            let madeBy = le16(directory, offset + 4)
            let flags = le16(directory, offset + 8)
            let method = le16(directory, offset + 10)
            let packed = Int64(le32(directory, offset + 20))
            let entrySize = Int64(le32(directory, offset + 24))
            let nameLength = Int(le16(directory, offset + 28))
            let extraLength = Int(le16(directory, offset + 30))
            let commentLength = Int(le16(directory, offset + 32))
            let attributes = le32(directory, offset + 38)
            let localOffset = Int64(le32(directory, offset + 42))
            guard offset + 46 + nameLength <= directory.count else { throw .notAnArchive }
            let nameBytes = Array(directory[offset + 46..<offset + 46 + nameLength])
            let name = flags & 0x0800 != 0 ? String(decoding: nameBytes, as: UTF8.self) : String(nameBytes.map { Character(Unicode.Scalar($0)) })

            try check(name: name, bytes: nameBytes)
            if madeBy >> 8 == 3 {  // Unix: the file type is in the attributes' high half.
                let type = (attributes >> 16) & 0o170000
                guard type == 0 || type == 0o100000 || type == 0o040000 else { throw .linkOrDevice(name: name) }
            }
            guard flags & 0x0001 == 0 else { throw .encrypted }
            guard method == 0 || method == 8 else { throw .unsupportedMethod }
            guard packed != 0xFFFF_FFFF, entrySize != 0xFFFF_FFFF else { throw .tooLargeUnpacked }
            guard entrySize <= limits.archiveRatio * max(packed, 1) || entrySize < 1 << 20 else { throw .ratio(name: name) }
            unpacked += entrySize
            guard unpacked <= limits.archiveUnpackedBytes else { throw .tooLargeUnpacked }
            spans.append((localOffset, localOffset + 30 + Int64(nameLength) + packed))

            offset += 46 + nameLength + extraLength + commentLength
            guard spans.count <= limits.archiveEntries else { throw .tooManyEntries }
        }
        guard spans.count == declared else { throw .notAnArchive }
        let ordered = spans.sorted { $0.start < $1.start }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) where later.start < earlier.end {
            throw .overlapping
        }
        if let last = ordered.last, last.end > directoryOffset { throw .overlapping }
        return Summary(entries: spans.count, unpackedBytes: unpacked)
    }

    static func check(name: String, bytes: [UInt8]) throws(Refusal) {
        guard !name.isEmpty, !bytes.contains(0) else { throw .unsafeName(name) }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { throw .unsafeName(name) }
        guard name.first != "/", name.first != "\\" else { throw .unsafeName(name) }
        let scalars = Array(name.unicodeScalars.prefix(2))
        if scalars.count == 2, scalars[1] == ":", scalars[0].properties.isAlphabetic { throw .unsafeName(name) }
        let parts = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        guard !parts.contains(where: { $0 == ".." }) else { throw .unsafeName(name) }
    }

    static func read(_ file: FileHandle, at offset: Int64, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0 else { return nil }
        do {
            try file.seek(toOffset: UInt64(offset))
            guard let data = try file.read(upToCount: count), data.count == count else { return nil }
            return Array(data)
        } catch {
            return nil
        }
    }

    static func le16(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(b[i]) | UInt32(b[i + 1]) << 8 }
    static func le32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24 }
}
