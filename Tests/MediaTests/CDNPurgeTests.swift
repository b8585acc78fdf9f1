@testable import App
import Accounts
import Core
import FluentKit
import Foundation
import Jobs
@testable import Media
import Testing
import TestSupport
import Vapor

/// A real cache (Varnish) keeps the public images in front of the app, as a CDN would; a
/// withdrawn consent empties it through `PURGE`.
@Suite("The cache in front of the public images", .serialized)
struct CDNPurgeTests {
    /// The site's public host, as visitors' browsers name it to the cache.
    static let publicHost = "www.hills.example"

    /// The status and `X-Cache-Status` of a visitor's GET of `path` through the cache.
    static func fetch(_ path: String, through cache: VarnishCache) async throws -> (status: Int, cache: String) {
        let answer = try await RawHTTP.exchange(Array("GET \(path) HTTP/1.1\r\nHost: \(publicHost)\r\nConnection: close\r\n\r\n".utf8),
                                                port: cache.port, timeout: .seconds(60))
        let status = RawHTTP.statusCodes(in: answer).first ?? 0
        let header = answer.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("x-cache-status:") }
        return (status, header.map { $0.dropFirst("x-cache-status:".count).trimmingCharacters(in: .whitespaces) } ?? "")
    }

    /// A photo of a person with an anonymised consent, approved and its renditions made; and the
    /// coordinator who recorded the consent.
    static func publishedPhoto(_ app: Application, _ library: MediaLibrary) async throws -> (MediaAssetRecord, ConsentRecord, UUID) {
        let editor = try await MediaLibraryTests.editor(app)
        let coordinator = try await TestAccounts.account(app, role: .coordinator, secondFactor: false).0.requireID()
        let asset = try await MediaLibraryTests.asset(app, try MediaLibraryTests.photo("astronaut.png"), as: "astronaut.png", by: editor)
        let consent = try await library.recordConsent(for: .person(name: "Eileen Collins"), ConsentTerms(photoLevel: .anonymised,
                                                      evidenceReference: "Paper file 2026/114"), by: coordinator,
                                                      origin: MediaLibraryTests.origin, on: app.db)
        try await library.setPeople(asset.requireID(), consents: [consent.requireID()], by: editor, origin: MediaLibraryTests.origin, on: app.db)
        try await library.approve(asset.requireID(), by: editor, origin: MediaLibraryTests.origin, on: app.db)
        try await MediaLibraryTests.work(app, library)
        return (asset, consent, coordinator)
    }

    @Test("a public image is served from the cache until its consent is withdrawn; the worker then purges it and the cache answers 410",
          arguments: TestDatabase.allCases)
    func purgedOnWithdrawal(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await withRunningServer(app) { port in
                let cache = try await VarnishCache.start(upstream: port)
                defer { cache.stop() }
                let purger = HTTPCDNPurger(target: CDNPurgeTarget(url: "http://127.0.0.1:\(cache.port)/"), publicHost: Self.publicHost,
                                           client: app.http.client.shared)
                let library = MediaLibrary(uploads: app.uploads, purger: purger)
                let (asset, consent, coordinator) = try await Self.publishedPhoto(app, library)
                let live = try await MediaLibraryTests.renditions(app, asset).filter { $0.withdrawnAt == nil }
                let path = MediaLibrary.publicPath + (try #require(live.first).name)

                let first = try await Self.fetch(path, through: cache)
                #expect(first.status == 200 && first.cache == "MISS")
                let second = try await Self.fetch(path, through: cache)
                #expect(second.status == 200 && second.cache == "HIT", "the cache keeps a public image")

                try await library.withdrawConsent(consent.requireID(), by: coordinator, origin: MediaLibraryTests.origin, on: app.db)
                let beforeTheWorker = try await Self.fetch(path, through: cache)
                #expect(beforeTheWorker.status == 200 && beforeTheWorker.cache == "HIT", "until it is purged, the cache still has it")
                try await MediaLibraryTests.work(app, library)
                let after = try await Self.fetch(path, through: cache)
                #expect(after.status == 410 && after.cache != "HIT", "purged, the cache asks the app again: \(after)")
            }
        }
    }

    @Test("a purge the cache refuses fails the job, which tries again; a cache that never had the path is no failure",
          arguments: TestDatabase.allCases)
    func refusedPurgeRetries(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await withRunningServer(app) { port in
                let cache = try await VarnishCache.start(upstream: port)
                defer { cache.stop() }
                let purge = HTTPCDNPurger(target: CDNPurgeTarget(url: "http://127.0.0.1:\(cache.port)"), publicHost: Self.publicHost,
                                          client: app.http.client.shared)
                try await purge.purge(paths: ["/images/never-cached.avif"])
                // The cache passes a DELETE on to the app, which answers 405: the purge is not done.
                let refused = HTTPCDNPurger(target: CDNPurgeTarget(url: "http://127.0.0.1:\(cache.port)", method: "DELETE"), publicHost: nil,
                                            client: app.http.client.shared)
                await #expect(throws: CDNPurgeFailed.self) { try await refused.purge(paths: ["/images/any.avif"]) }

                let library = MediaLibrary(uploads: app.uploads, purger: refused)
                let (_, consent, coordinator) = try await Self.publishedPhoto(app, library)
                try await library.withdrawConsent(consent.requireID(), by: coordinator, origin: MediaLibraryTests.origin, on: app.db)
                try await MediaLibraryTests.work(app, library)
                let job = try #require(try await JobRecord.query(on: app.db).filter(\.$kind == ConsentChangedJob.kind).sort(\.$createdAt, .descending).first())
                #expect(job.state == .pending && job.attempts == 1 && (job.lastError ?? "").contains("405"), "\(job.state) \(job.lastError ?? "")")
            }
        }
    }
}
