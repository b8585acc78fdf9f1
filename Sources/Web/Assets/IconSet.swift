import Foundation

/// The Heroicons the build extracted into `Public/build/icons.json`, as path data.
public struct IconSet: Sendable {
    /// One icon: its drawing and whether it is stroked (outline) or filled (solid).
    public struct Icon: Sendable, Decodable {
        public struct PathData: Sendable, Decodable {
            public let d: String
            public let fillRule: String?
            public let clipRule: String?
        }

        public let viewBox: String
        public let outline: Bool
        public let strokeWidth: String?
        public let paths: [PathData]
    }

    private let icons: [String: Icon]

    public init(icons: [String: Icon]) {
        self.icons = icons
    }

    /// Loads the build's icon file.
    public init(file: String) throws {
        self.icons = try JSONDecoder().decode([String: Icon].self, from: Data(contentsOf: URL(fileURLWithPath: file)))
    }

    /// The icon called `name` (`outline/bars-3`), nil if the build did not extract it.
    public func icon(_ name: String) -> Icon? { icons[name] }
}
