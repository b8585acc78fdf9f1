import Audit
import Core
import Foundation
import HTTPSupport
import Vapor
import Web

/// `healthconnect keys rotate` prints the two steps of a rotation. First a new `HC_SECRET_KEYS`
/// (a fresh random key first, then the keys configured now, which keep verifying and decrypting
/// what they protected) with `HC_SECRET_KEY_CURRENT` still naming today's key: every instance
/// learns the new key before any uses it. Then, once every instance runs with it, the operator
/// removes `HC_SECRET_KEY_CURRENT` and restarts again. It changes nothing by itself.
///
/// `healthconnect keys rotate --signing` instead makes a new API token signing key current (in the
/// database, sealed under the keyring); the old public key stays published until its tokens expire.
struct KeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "rotate")
        var action: String
        @Option(name: "id", help: "Id for the new key (default: k followed by today's date)")
        var id: String?
        @Flag(name: "signing", help: "Rotate the API token signing key instead")
        var signing: Bool
    }

    var help: String { "Prints a keyring with a new current key (HC_SECRET_KEYS)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "rotate" else { throw CommandFailure("keys takes rotate, not '\(signature.action)'") }
        if signature.signing {
            let app = context.application
            let kid = try await app.accounts.rotateSigningKey(by: .operator(OperatorIdentity.current),
                                                             origin: AuditOrigin(userAgent: "healthconnect/cli"), on: app.db)
            context.console.print("API tokens are now signed with key \(kid); the previous key stays in /.well-known/jwks.json for 15 minutes.")
            return
        }
        let keyring = context.application.webContext.configuration.secretKeys
        guard !keyring.hasPendingKey else {
            throw CommandFailure("""
                a rotation is under way: key '\(keyring.keys[0].id)' is known but not current. Finish it first: once every \
                instance runs with it, remove HC_SECRET_KEY_CURRENT and restart them all
                """)
        }
        let id = signature.id ?? Self.defaultID(avoiding: keyring)
        guard SecretKeyring.isValidID(id) else { throw CommandFailure("--id must be 1 to 32 letters, digits, '.', '_' or '-'") }
        guard !keyring.keys.contains(where: { $0.id == id }) else { throw CommandFailure("a key with id '\(id)' is already configured") }

        // The development key is public: rotating away from it must not carry it along, and with
        // nothing protected by a real key yet there is no rolling deploy to survive: one step.
        let entry = SecretKeyring.generateEntry(id: id)
        try await context.application.auditOperatorAction("keys.rotate", detail: [
            "new_key_id": .string(id), "kept_key_ids": .array(keyring.isDevelopmentDefault ? [] : keyring.keys.map { .string($0.id) }),
        ])
        if keyring.isDevelopmentDefault {
            context.console.print("HC_SECRET_KEYS=" + entry)
            context.console.print("Set this in every process's environment and restart them.")
            return
        }
        let keys = ([entry] + (try Self.configuredEntries())).joined(separator: ",")
        context.console.print("""
            Step 1. Add the new key, not yet current. Set in every process's environment, then restart each:
            HC_SECRET_KEYS=\(keys)
            HC_SECRET_KEY_CURRENT=\(keyring.currentID)
            Every instance then verifies and decrypts with '\(id)', and none signs or encrypts with it yet.

            Step 2. Once every instance runs with it, make it current: remove HC_SECRET_KEY_CURRENT and restart each again.
            Remove an old key only when nothing it protected is still needed (`healthconnect audit verify` names any audit event that needs it).
            """)
    }

    static func defaultID(avoiding keyring: SecretKeyring) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd"
        let base = "k" + formatter.string(from: Date())
        var candidate = base
        var suffix = 2
        while keyring.keys.contains(where: { $0.id == candidate }) {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    /// The entries as the operator wrote them, so the printed value keeps their exact spelling.
    private static func configuredEntries() throws -> [String] {
        let raw = ProcessInfo.processInfo.environment["HC_SECRET_KEYS"] ?? ""
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
