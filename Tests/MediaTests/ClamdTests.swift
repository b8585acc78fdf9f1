import Core
import Foundation
@testable import Media
import NIOCore
import Testing
import TestSupport

/// The real clamd that `make test` starts, with a signature database made of the EICAR test
/// string alone (real signatures cannot be downloaded here).
@Suite("Virus scanning with clamd")
struct ClamdTests {
    /// The EICAR test file, built at run time so the repository never holds it.
    static let eicar = Array(Data(base64Encoded: "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=")!)

    static func client() throws -> ClamdClient {
        guard let raw = ProcessInfo.processInfo.environment["HC_TEST_CLAMD_URL"], let address = ClamdAddress(parsing: raw) else {
            throw TestSetupError("HC_TEST_CLAMD_URL is not set: run the tests with `make test`, which starts clamd")
        }
        return ClamdClient(address: address)
    }

    static func chunks(_ bytes: [UInt8], size: Int = 4096) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            for start in stride(from: 0, to: bytes.count, by: size) {
                continuation.yield(ByteBuffer(bytes: bytes[start..<min(start + size, bytes.count)]))
            }
            continuation.finish()
        }
    }

    @Test("a clean stream is OK; EICAR, alone or inside a ZIP, is found and named")
    func verdicts() async throws {
        let clamd = try Self.client()
        #expect(await clamd.ping())
        #expect(try await clamd.scan(Self.chunks(UploadInspectionTests.png(width: 40, height: 40))) == .clean)
        #expect(try await clamd.scan(Self.chunks(Self.eicar)) == .infected(signature: "Health-Connect-EICAR-Test.UNOFFICIAL"))
        var zip = ZipBuilder()
        zip.add("IMAGES/IM000001", UploadInspectionTests.dicom())
        zip.add("IMAGES/readme.txt", Self.eicar)
        #expect(try await clamd.scan(Self.chunks(zip.build(), size: 7)) == .infected(signature: "Health-Connect-EICAR-Test.UNOFFICIAL"))
        // 3 MB in 64 KiB chunks, so the framing of many chunks is exercised too.
        let large = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(try await clamd.scan(Self.chunks(large, size: 1 << 20)) == .clean)
    }

    @Test("only an exact `stream: OK` is clean; anything else is infected or unscanned")
    func replies() {
        #expect(ClamdClient.verdict("stream: OK") == .clean)
        #expect(ClamdClient.verdict("stream: Win.Test.EICAR_HDB-1 FOUND") == .infected(signature: "Win.Test.EICAR_HDB-1"))
        #expect(ClamdClient.verdict("INSTREAM size limit exceeded. ERROR") == .unscanned(reason: "INSTREAM size limit exceeded. ERROR"))
        #expect(ClamdClient.verdict("stream: OK ") != .clean)
        #expect(ClamdClient.verdict("") == .unscanned(reason: "no answer"))
    }

    @Test("an unreachable clamd is reported as unavailable, for the scan to be retried")
    func unreachable() async throws {
        let nobody = ClamdClient(address: .tcp(host: "127.0.0.1", port: 9))
        #expect(await nobody.ping() == false)
        await #expect(throws: ClamdUnavailable.self) { try await nobody.scan(Self.chunks([1, 2, 3])) }
        #expect(ClamdAddress(parsing: "unix:///run/clamav/clamd.ctl") == .unix(path: "/run/clamav/clamd.ctl"))
        #expect(ClamdAddress(parsing: "tcp://127.0.0.1:3310") == .tcp(host: "127.0.0.1", port: 3310))
        #expect(ClamdAddress(parsing: "http://127.0.0.1:3310") == nil)
        #expect(ClamdAddress(parsing: "tcp://127.0.0.1") == nil)
    }
}
