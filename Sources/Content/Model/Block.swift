import Core
import Foundation

/// One block of a page's body, as stored: its kind, the version of that kind's shape it was
/// saved with, and its values. The id stays with the block through edits and revisions, so a
/// comparison can tell a changed block from a moved one.
public struct Block: Sendable, Hashable, Codable {
    public var id: UUID
    public var kind: String
    public var version: Int
    public var value: [String: JSONValue]

    public init(id: UUID = UUID(), kind: String, version: Int? = nil, value: [String: JSONValue]) {
        self.id = id
        self.kind = kind
        self.version = version ?? BlockKinds.declaration(kind)?.version ?? 1
        self.value = value
    }
}

/// How one kind of block looks. `version` counts changes to its shape; a change that is more
/// than a new optional field (a rename, a split) adds an `upgrade` from the previous version,
/// which runs as a stored block is read. Stored pages are never migrated: a block saved at
/// version 1 is upgraded step by step each time it is read, and saved at the current version the
/// next time its page is saved.
public struct BlockDeclaration: Sendable {
    public typealias Upgrade = @Sendable (inout [String: JSONValue]) -> Void

    public let kind: String
    /// English msgid.
    public let label: String
    public let version: Int
    public let fields: [FieldDeclaration]
    /// `upgrades[n]` turns a version n+1 value into version n+2; there are `version - 1`.
    let upgrades: [Upgrade]

    public init(_ kind: String, _ label: String, version: Int = 1, fields: [FieldDeclaration], upgrades: [Upgrade] = []) {
        precondition(upgrades.count == version - 1, "a block kind needs an upgrade for every version after the first")
        self.kind = kind
        self.label = label
        self.version = version
        self.fields = fields
        self.upgrades = upgrades
    }

    /// `block` at this kind's current version. A block from a newer program is left alone.
    func upgraded(_ block: Block) -> Block {
        guard block.version < version else { return block }
        var block = block
        for step in max(block.version, 1)..<version {
            upgrades[step - 1](&block.value)
        }
        block.version = version
        return block
    }
}
