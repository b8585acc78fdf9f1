import Core
import Crypto
import Foundation

/// What an editor writes on a page: its title, its type's fields and its body of blocks. Every
/// revision is one of these, whole.
public struct PageContent: Sendable, Hashable, Codable {
    public var title: String
    public var fields: [String: JSONValue]
    public var blocks: [Block]

    public init(title: String, fields: [String: JSONValue] = [:], blocks: [Block] = []) {
        self.title = title
        self.fields = fields
        self.blocks = blocks
    }

    public static let maximumBlocks = 200
    static let titleLength = 200

    /// Blocks at their kinds' current versions; what every read of stored content goes through.
    var upgraded: PageContent {
        var content = self
        content.blocks = blocks.map { BlockKinds.declaration($0.kind)?.upgraded($0) ?? $0 }
        return content
    }

    /// The content cleaned for `type`, and the assets and snippets it refers to, or a
    /// `ValidationFailure` with a message for every bad field (`title`, `fields.risks`,
    /// `blocks.3.items.0.answer`).
    func validated(as type: PageTypeDeclaration) throws -> (content: PageContent, references: [FieldValidator.Reference]) {
        var validator = FieldValidator()
        let title = self.title.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        if title.isEmpty { validator.fail("title", msgid("Give the page a title.")) }
        if title.count > Self.titleLength { validator.fail("title", msgid("This is too long.")) }
        let fields = validator.record(self.fields, declared: type.fields, at: "fields.")
        if blocks.count > Self.maximumBlocks { validator.fail("blocks", msgid("There are too many items here.")) }
        var cleanedBlocks: [Block] = []
        var seen = Set<UUID>()
        for (index, stored) in blocks.enumerated() {
            let path = "blocks.\(index)"
            guard let declaration = BlockKinds.declaration(stored.kind), type.blocks.contains(stored.kind) else {
                validator.fail(path, msgid("This kind of block cannot be used on this kind of page."))
                continue
            }
            var block = declaration.upgraded(stored)
            if !seen.insert(block.id).inserted { block.id = UUID() }
            block.value = validator.record(block.value, declared: declaration.fields, at: path + ".")
            cleanedBlocks.append(block)
        }
        guard validator.errors.isEmpty else { throw ValidationFailure(validator.errors) }
        return (PageContent(title: title, fields: fields, blocks: cleanedBlocks), validator.references)
    }

    /// Every asset and snippet the content refers to, wherever in its fields and blocks.
    func references(as type: PageTypeDeclaration) -> [FieldValidator.Reference] {
        var validator = FieldValidator()
        _ = validator.record(fields, declared: type.fields, at: "fields.")
        for (index, block) in blocks.enumerated() {
            guard let declaration = BlockKinds.declaration(block.kind) else { continue }
            _ = validator.record(block.value, declared: declaration.fields, at: "blocks.\(index).")
        }
        return validator.references
    }

    /// SHA-256 of the content's canonical JSON (sorted keys): what a consent records of the
    /// legal text the patient agreed to.
    public var contentHash: String {
        let data = (try? JSONEncoder.canonical.encode(self)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

extension JSONEncoder {
    static var canonical: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
