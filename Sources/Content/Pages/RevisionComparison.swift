import Core
import Foundation

/// What changed from one revision to another, field by field and block by block.
public struct RevisionComparison: Sendable, Equatable {
    public struct FieldChange: Sendable, Equatable {
        public let name: String
        public let old: JSONValue?
        public let new: JSONValue?
    }

    public struct BlockChange: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case added, removed, changed, moved
        }
        public let id: UUID
        public let blockKind: String
        public let change: Kind
        /// The block's fields that differ, for `changed`.
        public let fields: [FieldChange]
        /// Its place in the newer revision (nil when removed).
        public let position: Int?
    }

    public let title: FieldChange?
    public let fields: [FieldChange]
    public let blocks: [BlockChange]

    public var isEmpty: Bool { title == nil && fields.isEmpty && blocks.isEmpty }

    public init(from old: PageContent, to new: PageContent) {
        title = old.title == new.title ? nil : FieldChange(name: "title", old: .string(old.title), new: .string(new.title))
        fields = Self.changes(old.fields, new.fields)
        let oldBlocks = Dictionary(old.blocks.enumerated().map { ($1.id, ($0, $1)) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.blocks.map(\.id))
        var blocks: [BlockChange] = []
        // Of the blocks both keep, those outside the longest run kept in order are the ones moved.
        let inOrder = Self.longestCommonSubsequence(old.blocks.map(\.id).filter(newIDs.contains), new.blocks.map(\.id).filter { oldBlocks[$0] != nil })
        for (position, block) in new.blocks.enumerated() {
            guard let (_, before) = oldBlocks[block.id] else {
                blocks.append(BlockChange(id: block.id, blockKind: block.kind, change: .added, fields: Self.changes([:], block.value), position: position))
                continue
            }
            let changes = before.kind == block.kind ? Self.changes(before.value, block.value) : Self.changes([:], block.value)
            if !changes.isEmpty {
                blocks.append(BlockChange(id: block.id, blockKind: block.kind, change: .changed, fields: changes, position: position))
            } else if !inOrder.contains(block.id) {
                blocks.append(BlockChange(id: block.id, blockKind: block.kind, change: .moved, fields: [], position: position))
            }
        }
        for block in old.blocks where !newIDs.contains(block.id) {
            blocks.append(BlockChange(id: block.id, blockKind: block.kind, change: .removed, fields: Self.changes(block.value, [:]), position: nil))
        }
        self.blocks = blocks
    }

    static func longestCommonSubsequence(_ a: [UUID], _ b: [UUID]) -> Set<UUID> {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var common = Set<UUID>()
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                common.insert(a[i])
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return common
    }

    static func changes(_ old: [String: JSONValue], _ new: [String: JSONValue]) -> [FieldChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { name in
            old[name] == new[name] ? nil : FieldChange(name: name, old: old[name], new: new[name])
        }
    }
}
