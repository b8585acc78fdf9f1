import Foundation
import Testing
import TestSupport

/// Every test that touches a database runs on SQLite and on PostgreSQL unless it says why not.
@Suite("The test harness")
struct TestHarnessTests {
    /// Ways of naming one engine that skip `withTestApp(only:because:)`.
    static let singleEngine = try! NSRegularExpression(pattern:
        #"(withTestApp|withEmptyDatabase)\(\s*\.(sqlite|postgres)|TestDatabase\.(sqlite|postgres)|arguments:\s*\[\s*\.(sqlite|postgres)"#)

    @Test("no test picks one database engine without saying why")
    func noSilentSingleEngine() throws {
        let tests = packageRoot.appendingPathComponent("Tests")
        let files = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" && !$0.path.contains("/TestSupport/") && $0.lastPathComponent != "TestHarnessTests.swift" }
        #expect(files.count > 20)
        var offenders: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                let range = NSRange(line.startIndex..., in: line)
                if Self.singleEngine.firstMatch(in: line, range: range) != nil {
                    offenders.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "use withTestApp { } (both engines) or withTestApp(only:because:): \(offenders)")
    }
}
