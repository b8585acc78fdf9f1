/// How many pages a PDF declares, read from its bytes without rendering it: the largest `/Count`
/// of a page tree node, or the number of `/Type /Page` objects, whichever is larger. Page trees
/// kept only inside compressed object streams are not seen here; such a file counts as having
/// one page, and the scan job's limits still hold for it.
public enum PDFPages {
    public static func count(in bytes: [UInt8]) -> Int {
        var largestCount = 0
        var pageObjects = 0
        let count = Array("/Count".utf8), type = Array("/Type".utf8), page = Array("/Page".utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x2F else { i += 1; continue }  // "/"
            if matches(bytes, i, count) {
                var j = skipSpace(bytes, i + count.count)
                var value = 0
                var digits = 0
                while j < bytes.count, (0x30...0x39).contains(bytes[j]), digits < 9 {
                    value = value * 10 + Int(bytes[j] - 0x30)
                    digits += 1
                    j += 1
                }
                if digits > 0 { largestCount = max(largestCount, value) }
                i = j
            } else if matches(bytes, i, type) {
                let j = skipSpace(bytes, i + type.count)
                if matches(bytes, j, page), !isNameCharacter(bytes, j + page.count) { pageObjects += 1 }
                i = j
            } else {
                i += 1
            }
        }
        return max(1, largestCount, pageObjects)
    }

    static func matches(_ b: [UInt8], _ at: Int, _ word: [UInt8]) -> Bool {
        at + word.count <= b.count && b[at..<at + word.count].elementsEqual(word)
    }

    static func skipSpace(_ b: [UInt8], _ from: Int) -> Int {
        var i = from
        while i < b.count, [0x20, 0x0A, 0x0D, 0x09, 0x0C, 0x00].contains(b[i]) { i += 1 }
        return i
    }

    /// Whether the byte at `i` continues a PDF name (so `/Pages` is not `/Page`).
    static func isNameCharacter(_ b: [UInt8], _ i: Int) -> Bool {
        guard i < b.count else { return false }
        let c = b[i]
        return !([0x20, 0x0A, 0x0D, 0x09, 0x0C, 0x00, 0x2F, 0x3C, 0x3E, 0x5B, 0x5D, 0x28, 0x29, 0x25, 0x7B, 0x7D] as [UInt8]).contains(c)
    }
}
