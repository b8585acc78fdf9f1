import Core
import Foundation

/// One stored event, exactly as the MAC covers it.
public struct AuditEntry: Sendable, Hashable {
    public var seq: Int64
    /// Microseconds since 1970 UTC: an integer, so both databases return the bytes that were hashed.
    public var occurredAt: Int64
    public var actorType: String
    public var actorID: String?
    public var action: String
    public var resourceType: String?
    public var resourceID: String?
    public var outcome: String
    public var clientIP: String?
    public var userAgent: String?
    public var requestID: String?
    /// The detail object as RFC 8785 canonical JSON text.
    public var detail: String
    /// Which root key of the keyring the MAC was made with.
    public var keyID: String
    /// HMAC-SHA256, lowercase hex.
    public var mac: String
    /// Whose data the event is about (`patient:<id>`), indexed for a person's access log.
    public var subject: String? = nil
    /// The envelope's shape: 1 before events named a subject, 2 since. Each event is verified
    /// in the shape it was written in, so the chain written before stays intact.
    public var envelope: Int = AuditEntry.currentEnvelope

    public static let currentEnvelope = 2

    public var date: Date { Date(timeIntervalSince1970: Double(occurredAt) / 1_000_000) }

    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// The bytes the MAC covers: every field but the MAC, as one canonical JSON object. Names are
    /// written in RFC 8785 order by hand so the stored detail text can be spliced in as it is.
    public var canonicalEnvelope: String {
        var out = "{"
        func member(_ name: String, _ write: (inout String) -> Void) {
            if out.count > 1 { out += "," }
            CanonicalJSON.writeString(name, to: &out)
            out += ":"
            write(&out)
        }
        func text(_ value: String?) -> (inout String) -> Void {
            { out in if let value { CanonicalJSON.writeString(value, to: &out) } else { out += "null" } }
        }
        member("action", text(action))
        member("actor_id", text(actorID))
        member("actor_type", text(actorType))
        member("client_ip", text(clientIP))
        member("detail") { $0 += detail }
        if envelope >= 2 { member("envelope") { $0 += String(envelope) } }
        member("key_id", text(keyID))
        member("occurred_at") { $0 += String(occurredAt) }
        member("outcome", text(outcome))
        member("request_id", text(requestID))
        member("resource_id", text(resourceID))
        member("resource_type", text(resourceType))
        member("seq") { $0 += String(seq) }
        if envelope >= 2 { member("subject", text(subject)) }
        member("user_agent", text(userAgent))
        return out + "}"
    }
}
