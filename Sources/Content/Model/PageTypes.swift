import Core

/// A kind of page: its fields besides the title, the blocks its body may hold, and where it may
/// stand in the tree. The public view, the API's schema and the admin's form all read this.
public struct PageTypeDeclaration: Sendable {
    public let name: String
    /// English msgid.
    public let label: String
    public let fields: [FieldDeclaration]
    public let blocks: [String]
    /// Types it may be placed under; nil for anywhere below the home page.
    public let parents: Set<String>?
    /// For index pages: the type of child they list, and how many a page.
    public let lists: (type: String, pageSize: Int)?

    public init(_ name: String, _ label: String, fields: [FieldDeclaration] = [], blocks: [String] = BlockKinds.general,
                parents: Set<String>? = nil, lists: (type: String, pageSize: Int)? = nil) {
        self.name = name
        self.label = label
        self.fields = fields
        self.blocks = blocks
        self.parents = parents
        self.lists = lists
    }

    public var isRoot: Bool { name == PageTypes.home.name }
}

public enum PageTypes {
    static let summary = FieldDeclaration("summary", msgid("Summary"), .paragraph(maxLength: 600))
    static let heroImage = FieldDeclaration("hero_image", msgid("Main image"), .asset)

    public static let home = PageTypeDeclaration("HomePage", msgid("Home page"), fields: [
        FieldDeclaration("intro", msgid("Introduction"), .paragraph(maxLength: 600)), heroImage,
    ], parents: [])
    public static let procedure = PageTypeDeclaration("ProcedurePage", msgid("Procedure"), fields: [
        FieldDeclaration("summary", msgid("Summary"), .paragraph(maxLength: 600), required: true), heroImage,
    ])
    public static let method = PageTypeDeclaration("MethodPage", msgid("Method"), fields: [
        FieldDeclaration("summary", msgid("Summary"), .paragraph(maxLength: 600), required: true),
        FieldDeclaration("how_it_works", msgid("How it works"), .richText, required: true),
        FieldDeclaration("who_it_suits", msgid("Who it suits"), .richText, required: true),
        FieldDeclaration("timeline", msgid("Timeline"), .richText),
        FieldDeclaration("risks", msgid("Risks"), .richText, required: true),
        FieldDeclaration("cost_min", msgid("Cost from"), .integer(0...10_000_000)),
        FieldDeclaration("cost_max", msgid("Cost up to"), .integer(0...10_000_000)),
        FieldDeclaration("currency", msgid("Currency"), .choice(Currency.codes)),
        heroImage,
    ], blocks: BlockKinds.general + [BlockKinds.costTable.kind, BlockKinds.timelineSteps.kind])
    public static let internationalCenter = PageTypeDeclaration("InternationalCenterPage", msgid("International patients"), fields: [summary, heroImage])
    public static let cost = PageTypeDeclaration("CostPage", msgid("Costs"), fields: [
        summary, FieldDeclaration("currency", msgid("Currency"), .choice(Currency.codes), required: true),
    ], blocks: BlockKinds.general + [BlockKinds.costTable.kind, BlockKinds.costCalculator.kind])
    public static let rehabTimeline = PageTypeDeclaration("RehabTimelinePage", msgid("Rehabilitation timeline"), fields: [summary],
                                                          blocks: BlockKinds.general + [BlockKinds.timelineSteps.kind])
    public static let storyIndex = PageTypeDeclaration("StoryIndexPage", msgid("Patient stories"), fields: [summary],
                                                       lists: (type: "SuccessStoryPage", pageSize: 12))
    public static let successStory = PageTypeDeclaration("SuccessStoryPage", msgid("Patient story"), fields: [
        FieldDeclaration("summary", msgid("Summary"), .paragraph(maxLength: 600), required: true),
        FieldDeclaration("patient_country", msgid("Patient's country"), .text(maxLength: 80)),
        FieldDeclaration("procedure", msgid("Treatment"), .text(maxLength: 160)),
        FieldDeclaration("story_date", msgid("Date"), .date),
        heroImage,
    ], parents: ["StoryIndexPage"])
    public static let articleIndex = PageTypeDeclaration("ArticleIndexPage", msgid("Articles"), fields: [summary],
                                                         lists: (type: "ArticlePage", pageSize: 12))
    public static let article = PageTypeDeclaration("ArticlePage", msgid("Article"), fields: [
        FieldDeclaration("author", msgid("Author"), .text(maxLength: 120), required: true),
        FieldDeclaration("date", msgid("Date"), .date, required: true),
        FieldDeclaration("tags", msgid("Tags"), .tags(max: 12)),
        summary, heroImage,
    ], parents: ["ArticleIndexPage"])
    public static let faq = PageTypeDeclaration("FAQPage", msgid("Questions and answers"), fields: [summary])
    public static let legal = PageTypeDeclaration("LegalPage", msgid("Legal text"), fields: [
        FieldDeclaration("version", msgid("Version"), .text(maxLength: 40), required: true),
        FieldDeclaration("effective_date", msgid("In effect from"), .date, required: true),
    ], blocks: [BlockKinds.heading.kind, BlockKinds.richText.kind])
    public static let contact = PageTypeDeclaration("ContactPage", msgid("Contact"), fields: [
        summary,
        FieldDeclaration("address", msgid("Address"), .paragraph(maxLength: 400)),
        FieldDeclaration("phone", msgid("Telephone"), .telephone),
        FieldDeclaration("whatsapp", msgid("WhatsApp number"), .telephone),
        FieldDeclaration("email", msgid("Email"), .email),
        FieldDeclaration("map_link", msgid("Map"), .link),
        FieldDeclaration("opening_hours", msgid("Opening hours"), .list(item: [
            FieldDeclaration("from_day", msgid("First day"), .choice(Weekday.allCases.map(\.rawValue)), required: true),
            FieldDeclaration("to_day", msgid("Last day"), .choice(Weekday.allCases.map(\.rawValue))),
            FieldDeclaration("opens", msgid("Opens"), .time, required: true),
            FieldDeclaration("closes", msgid("Closes"), .time, required: true),
        ], max: 7)),
    ])

    public static let all: [PageTypeDeclaration] = [
        home, procedure, method, internationalCenter, cost, rehabTimeline, storyIndex, successStory, articleIndex, article, faq, legal, contact,
    ]
    static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static func declaration(_ name: String) -> PageTypeDeclaration? { byName[name] }
}
