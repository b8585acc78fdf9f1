import Foundation

/// Writes ZIP archives of stored (uncompressed) entries, with whatever names, attributes and
/// declared sizes a test needs, including the ones a careful reader must refuse.
struct ZipBuilder {
    struct Entry {
        var name: String
        var data: [UInt8]
        /// Unix mode bits in the external attributes (regular file by default).
        var unixMode: UInt32 = 0o100644
        var flags: UInt16 = 0x0800
        var method: UInt16 = 0
        /// Overrides for the central directory's sizes (a lying bomb).
        var declaredPacked: UInt32?
        var declaredSize: UInt32?
    }

    var entries: [Entry] = []
    /// When set, every central entry points at the first entry's local data.
    var overlapping = false

    mutating func add(_ name: String, _ data: [UInt8], unixMode: UInt32 = 0o100644) {
        entries.append(Entry(name: name, data: data, unixMode: unixMode))
    }

    func build() -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        var offsets: [UInt32] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            offsets.append(UInt32(out.count))
            out += le32(0x0403_4B50) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0)
            out += le32(crc32(entry.data)) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.data.count))
            out += le16(UInt16(name.count)) + le16(0) + name + entry.data
        }
        for (index, entry) in entries.enumerated() {
            let name = Array(entry.name.utf8)
            central += le32(0x0201_4B50) + le16(3 << 8 | 20) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0)
            central += le32(crc32(entry.data)) + le32(entry.declaredPacked ?? UInt32(entry.data.count))
            central += le32(entry.declaredSize ?? UInt32(entry.data.count))
            central += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(entry.unixMode << 16)
            central += le32(overlapping ? offsets[0] : offsets[index]) + name
        }
        let directoryOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(central.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }

    func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
