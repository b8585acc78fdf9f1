@testable import Audit
import Core
import Testing

@Suite("RFC 8785 canonical JSON")
struct CanonicalJSONTests {
    @Test("members sort by UTF-16 code units and strings keep non-ASCII literal")
    func ordering() throws {
        // RFC 8785 §3.2.3's example: "\u{20ac}" (one unit) sorts before "\u{1F600}" (a surrogate pair, 0xD83D…)
        // and after "\r" and "1"; digits before letters, uppercase before lowercase.
        let value: JSONValue = ["€": 1, "😀": 2, "\r": 3, "1": 4, "b": 5, "B": 6, "ﬀ": 7]
        #expect(try CanonicalJSON.encode(value) == "{\"\\r\":3,\"1\":4,\"B\":6,\"b\":5,\"€\":1,\"😀\":2,\"ﬀ\":7}")
    }

    @Test("escapes only what JSON requires, in ECMAScript's spelling")
    func escaping() throws {
        let value: JSONValue = .string("\"\\/\u{08}\u{0C}\n\r\t\u{01}\u{1F}\u{7F}\u{2028}مرحبا")
        #expect(try CanonicalJSON.encode(value) == "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u{7F}\u{2028}مرحبا\"")
    }

    @Test("nesting, literals and integers at the edge of exactness")
    func structure() throws {
        let value: JSONValue = ["list": [nil, true, false, -9_007_199_254_740_991, [:], []]]
        #expect(try CanonicalJSON.encode(value) == "{\"list\":[null,true,false,-9007199254740991,{},[]]}")
        #expect(throws: CanonicalJSON.IntegerOutOfRange.self) { try CanonicalJSON.encode(.int(9_007_199_254_740_992)) }
    }

    @Test("the MAC envelope is the canonical form of the whole event, in the shape it was written in (1: before subjects; 2: with them)")
    func envelope() throws {
        var entry = AuditEntry(seq: 7, occurredAt: 1_795_000_000_123_456, actorType: "user", actorID: "u-1",
                               action: "patient.record.view", resourceType: "patient", resourceID: "p-9",
                               outcome: "success", clientIP: "203.0.113.9", userAgent: nil, requestID: "r-1",
                               detail: try CanonicalJSON.encode(["z": 1, "a": "ب"]), keyID: "k1", mac: "ignored",
                               subject: "patient:p-9", envelope: 1)
        let shapeOne: JSONValue = [
            "seq": 7, "occurred_at": 1_795_000_000_123_456, "actor_type": "user", "actor_id": "u-1",
            "action": "patient.record.view", "resource_type": "patient", "resource_id": "p-9", "outcome": "success",
            "client_ip": "203.0.113.9", "user_agent": nil, "request_id": "r-1", "detail": ["z": 1, "a": "ب"], "key_id": "k1",
        ]
        #expect(entry.canonicalEnvelope == (try CanonicalJSON.encode(shapeOne)))
        guard case .object(var shapeTwo) = shapeOne else { return }
        shapeTwo["envelope"] = 2
        shapeTwo["subject"] = "patient:p-9"
        entry.envelope = 2
        #expect(entry.canonicalEnvelope == (try CanonicalJSON.encode(.object(shapeTwo))))
        entry.subject = nil
        shapeTwo["subject"] = .null
        #expect(entry.canonicalEnvelope == (try CanonicalJSON.encode(.object(shapeTwo))))
    }
}
