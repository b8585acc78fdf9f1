@testable import Accounts
@testable import App
import AsyncHTTPClient
import Audit
import Core
import FluentKit
import Foundation
import NIOCore
@testable import Portal
import Testing
import TestSupport
import Vapor
import VaporTesting

/// The inquiry at the API: the public POST with `Idempotency-Key`, the patient's own list, and
/// the staff's queue, read, reply, assign and convert, with the same rules as the HTML; and
/// submissions by the thousand, really concurrent, through a trusted proxy.
@Suite("Inquiries at the API")
struct InquiryAPITests {
    static func body(email: String, age: Int = 24, version: String) -> String {
        """
        {"name":"Amira Al-Harbi","email":"\(email)","country":"SA","language":"ar","age":\(age),"phone":"050 123 4567",
         "method":"internal-nail","message":"My left femur is 3 cm shorter.","consent_version":"\(version)","notice_locale":"ar"}
        """
    }

    static func send(_ app: Application, _ path: String, method: HTTPMethod = .POST, token: String? = nil, key: String? = nil,
                     _ body: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    static func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test("POST /inquiries stores once per Idempotency-Key, answers a replay with the first inquiry, refuses the key with another body, and its rules are the form's",
          arguments: TestDatabase.allCases)
    func create(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let version = app.inquiries.notice.version
            let notice = try await Self.send(app, "/api/v1/inquiries/privacy-notice?locale=ar", method: .GET)
            let noticeBody = try Self.json(notice)
            #expect(notice.status == .ok && noticeBody["version"] as? String == version)
            let first = try await Self.send(app, "/api/v1/inquiries", key: "app-key-0001", Self.body(email: "api@example.com", version: version))
            #expect(first.status == .created && first.headers.first(name: "Idempotent-Replayed") == "false")
            let again = try await Self.send(app, "/api/v1/inquiries", key: "app-key-0001", Self.body(email: "api@example.com", version: version))
            #expect(again.status == .created && again.headers.first(name: "Idempotent-Replayed") == "true")
            let firstBody = try Self.json(first), againBody = try Self.json(again)
            #expect(firstBody["reference"] as? String == againBody["reference"] as? String)
            let other = try await Self.send(app, "/api/v1/inquiries", key: "app-key-0001", Self.body(email: "api@example.com", age: 30, version: version))
            #expect(other.status == .conflict && other.headers.contentType?.description.contains("problem+json") == true)
            #expect(try await InquiryRecord.query(on: app.db).count() == 1)
            let stale = try await Self.send(app, "/api/v1/inquiries", key: "app-key-0002", Self.body(email: "api@example.com", version: "1999-01-01"))
            #expect(stale.status == .unprocessableEntity)
            let young = try await Self.send(app, "/api/v1/inquiries", key: "app-key-0003", Self.body(email: "api@example.com", age: 12, version: version))
            #expect(young.status == .unprocessableEntity, "a minor needs the guardian, as on the form")

            let (patientToken, patient) = try await TestAccounts.apiToken(app)
            let own = try await Self.send(app, "/api/v1/inquiries", token: patientToken, key: "app-key-0004", Self.body(email: patient.email, version: version))
            #expect(own.status == .created)
            let mine = try await Self.send(app, "/api/v1/me/inquiries", method: .GET, token: patientToken)
            let mineBody = try Self.json(mine)
            #expect(mine.status == .ok && (mineBody["items"] as? [[String: Any]])?.count == 1)
            let firstID = try #require(firstBody["id"] as? String)
            let stranger = try await Self.send(app, "/api/v1/inquiries/\(firstID)", method: .GET, token: patientToken)
            #expect(stranger.status == .forbidden, "another's inquiry")
        }
    }

    @Test("a coordinator triages over the API with the HTML's rules: queue, read, reply, a stale version refused, assign, convert; the surgeon then reads and another surgeon cannot",
          arguments: TestDatabase.allCases)
    func triage(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let version = app.inquiries.notice.version
            let created = try await Self.send(app, "/api/v1/inquiries", key: "triage-key-1", Self.body(email: "triage-api@example.com", version: version))
            let id = try #require(try Self.json(created)["id"] as? String)
            let (coordinatorToken, coordinator) = try await TestAccounts.apiToken(app, role: .coordinator, secondFactor: true)
            let (_, admin) = try await TestAccounts.signedIn(app, role: .admin, secondFactor: true)
            try await app.accounts.grant(.inquiries, "SA", to: try coordinator.requireID(),
                                         by: .user(id: try admin.requireID(), role: .admin, secondFactor: true), on: app.db)
            let queue = try await Self.send(app, "/api/v1/inquiries?sort=newest&limit=10", method: .GET, token: coordinatorToken)
            let queueBody = try Self.json(queue)
            let items = try #require(queueBody["items"] as? [[String: Any]])
            #expect(queue.status == .ok && items.first?["id"] as? String == id && items.first?["name"] as? String == "Amira Al-Harbi")
            let read = try await Self.send(app, "/api/v1/inquiries/\(id)", method: .GET, token: coordinatorToken)
            let readBody = try Self.json(read)
            #expect(read.status == .ok && readBody["message"] as? String == "My left femur is 3 cm shorter.")
            let replied = try await Self.send(app, "/api/v1/inquiries/\(id)/replies", token: coordinatorToken, #"{"body":"Please send a standing X-ray.","version":1}"#)
            let repliedBody = try Self.json(replied)
            #expect(replied.status == .ok && (repliedBody["messages"] as? [[String: Any]])?.count == 1)
            let stale = try await Self.send(app, "/api/v1/inquiries/\(id)/replies", token: coordinatorToken, #"{"body":"Late.","version":1}"#)
            #expect(stale.status == .conflict, "written against version 1, now 2")

            let (surgeonToken, surgeon) = try await TestAccounts.apiToken(app, role: .surgeon, secondFactor: true)
            let (otherToken, _) = try await TestAccounts.apiToken(app, role: .surgeon, secondFactor: true)
            let assigned = try await Self.send(app, "/api/v1/inquiries/\(id)/assignment", token: coordinatorToken,
                                               #"{"surgeon_id":"\#(try surgeon.requireID().uuidString.lowercased())","version":2}"#)
            #expect(assigned.status == .ok)
            let converted = try await Self.send(app, "/api/v1/inquiries/\(id)/case", token: coordinatorToken, #"{"version":3}"#)
            let convertedBody = try Self.json(converted)
            #expect(converted.status == .created && convertedBody["surgeon_id"] as? String == surgeon.id?.uuidString.lowercased())
            #expect(try await Self.send(app, "/api/v1/inquiries/\(id)", method: .GET, token: surgeonToken).status == .ok)
            #expect(try await Self.send(app, "/api/v1/inquiries/\(id)", method: .GET, token: otherToken).status == .forbidden)
            let patientID = try #require(try await CaseRecord.query(on: app.db).first()?.patientID)
            #expect(try await app.accounts.user(withEmail: "triage-api@example.com", on: app.db)?.id == patientID, "the patient was invited")
        }
    }

    @Test("a thousand submissions at once from a thousand addresses behind the trusted proxy are each stored once, and twenty with one key are stored once",
          arguments: TestDatabase.allCases)
    func thousandAtOnce(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: {
            $0.trustedProxies = [IPNetwork("127.0.0.1")!]
            $0.databasePoolSize = 8
            // This tests storing once, not the pool's patience: a thousand requests queue for
            // eight connections far longer than the 10 s a server gives up after.
            $0.databasePoolTimeout = .seconds(600)
        }) { app in
            let version = app.inquiries.notice.version
            try await withRunningServer(app) { port in
                var configuration = HTTPClient.Configuration()
                configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 250
                // Hang guards, not speed targets: a thousand requests whose writes take turns, in a
                // debug build sharing two cores with the other suites, once took over two minutes.
                configuration.timeout.read = .seconds(600)
                configuration.timeout.connect = .seconds(600)
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                defer { _ = client.shutdown() }
                func post(_ index: Int, key: String) async throws -> Int {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/inquiries")
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Idempotency-Key", value: key)
                    request.headers.add(name: "X-Forwarded-For", value: "10.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)")
                    request.body = .bytes(ByteBuffer(string: Self.body(email: "crowd\(key.hasPrefix("same") ? 0 : index)@example.com", version: version)))
                    let response = try await client.execute(request, timeout: .seconds(600))
                    _ = try await response.body.collect(upTo: 1 << 20)
                    return Int(response.status.code)
                }
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<1000 { group.addTask { try await post(index, key: "crowd-\(index)-\(UUID().uuidString)") } }
                    for index in 0..<20 { group.addTask { try await post(5000 + index, key: "same-key-for-twenty") } }
                    return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
                }
                #expect(statuses == [201: 1020], "\(statuses)")
            }
            #expect(try await InquiryRecord.query(on: app.db).count() == 1001)
            #expect(try await InquiryRecord.query(on: app.db).filter(\.$emailIndex == app.inquiries.blindIndex.value(.email, "crowd0@example.com")).count() == 2,
                    "the twenty with one key are one inquiry (and crowd0 its own)")
        }
    }
}
