import Core

/// Every kind of block a page body can hold. A new kind, or a new optional field of a kind,
/// is added here and nowhere else: stored pages need no migration.
public enum BlockKinds {
    public static let heading = BlockDeclaration("heading", msgid("Heading"), fields: [
        FieldDeclaration("text", msgid("Heading"), .text(maxLength: 160), required: true),
        FieldDeclaration("level", msgid("Level"), .integer(2...4)),
    ])
    public static let richText = BlockDeclaration("rich_text", msgid("Text"), fields: [
        FieldDeclaration("body", msgid("Text"), .richText, required: true),
    ])
    public static let image = BlockDeclaration("image", msgid("Image"), fields: [
        FieldDeclaration("asset", msgid("Image"), .asset, required: true),
        FieldDeclaration("caption", msgid("Caption"), .text(maxLength: 300)),
    ])
    public static let gallery = BlockDeclaration("gallery", msgid("Gallery"), fields: [
        FieldDeclaration("assets", msgid("Images"), .assets(max: 24), required: true),
        FieldDeclaration("caption", msgid("Caption"), .text(maxLength: 300)),
    ])
    public static let quote = BlockDeclaration("quote", msgid("Quote"), fields: [
        FieldDeclaration("text", msgid("Quote"), .paragraph(maxLength: 1_000), required: true),
        FieldDeclaration("attribution", msgid("Who said it"), .text(maxLength: 160)),
    ])
    public static let callToAction = BlockDeclaration("call_to_action", msgid("Call to action"), fields: [
        FieldDeclaration("title", msgid("Title"), .text(maxLength: 160), required: true),
        FieldDeclaration("text", msgid("Text"), .paragraph(maxLength: 600)),
        FieldDeclaration("label", msgid("Button label"), .text(maxLength: 60), required: true),
        FieldDeclaration("link", msgid("Link"), .link, required: true),
    ])
    public static let faqList = BlockDeclaration("faq_list", msgid("Questions and answers"), fields: [
        FieldDeclaration("title", msgid("Title"), .text(maxLength: 160)),
        FieldDeclaration("items", msgid("Questions"), .list(item: [
            FieldDeclaration("question", msgid("Question"), .text(maxLength: 300), required: true),
            FieldDeclaration("answer", msgid("Answer"), .richText, required: true),
        ], max: 60), required: true),
    ])
    public static let costTable = BlockDeclaration("cost_table", msgid("Cost table"), fields: [
        FieldDeclaration("title", msgid("Title"), .text(maxLength: 160)),
        FieldDeclaration("currency", msgid("Currency"), .choice(Currency.codes), required: true),
        FieldDeclaration("rows", msgid("Rows"), .list(item: [
            FieldDeclaration("item", msgid("What it covers"), .text(maxLength: 200), required: true),
            FieldDeclaration("min", msgid("From"), .integer(0...10_000_000), required: true),
            FieldDeclaration("max", msgid("To"), .integer(0...10_000_000)),
            FieldDeclaration("note", msgid("Note"), .text(maxLength: 300)),
        ], max: 40), required: true),
    ])
    /// Prices in minor units (cents) of the Cost page's currency.
    public static let costCalculator = BlockDeclaration("cost_calculator", msgid("Cost calculator"), fields: [
        FieldDeclaration("title", msgid("Title"), .text(maxLength: 160)),
        FieldDeclaration("methods", msgid("Methods"), .list(item: [
            FieldDeclaration("name", msgid("Method"), .text(maxLength: 160), required: true),
            FieldDeclaration("base_min", msgid("Base price from"), .money, required: true),
            FieldDeclaration("base_max", msgid("Base price up to"), .money, required: true),
            FieldDeclaration("per_cm_min", msgid("Per centimetre from"), .money, required: true),
            FieldDeclaration("per_cm_max", msgid("Per centimetre up to"), .money, required: true),
            FieldDeclaration("max_cm", msgid("Longest lengthening in cm"), .integer(1...30), required: true),
        ], max: 12), required: true),
        FieldDeclaration("options", msgid("Options"), .list(item: [
            FieldDeclaration("name", msgid("Option"), .text(maxLength: 160), required: true),
            FieldDeclaration("min", msgid("From"), .money, required: true),
            FieldDeclaration("max", msgid("To"), .money),
        ], max: 20)),
        FieldDeclaration("excludes", msgid("What the estimate does not include"), .paragraph(maxLength: 1_000), required: true),
    ])
    public static let timelineSteps = BlockDeclaration("timeline_steps", msgid("Timeline"), fields: [
        FieldDeclaration("title", msgid("Title"), .text(maxLength: 160)),
        FieldDeclaration("steps", msgid("Steps"), .list(item: [
            FieldDeclaration("title", msgid("Step"), .text(maxLength: 160), required: true),
            FieldDeclaration("duration", msgid("How long"), .text(maxLength: 60)),
            FieldDeclaration("description", msgid("Description"), .richText),
        ], max: 30), required: true),
    ])
    public static let videoEmbed = BlockDeclaration("video_embed", msgid("Video"), fields: [
        FieldDeclaration("url", msgid("Video address"), .videoURL, required: true),
        FieldDeclaration("title", msgid("What the video shows"), .text(maxLength: 200), required: true),
        FieldDeclaration("caption", msgid("Caption"), .text(maxLength: 300)),
    ])
    public static let testimonial = BlockDeclaration("testimonial", msgid("Testimonial"), fields: [
        FieldDeclaration("snippet", msgid("Testimonial"), .snippet(.testimonial), required: true),
    ])
    public static let faq = BlockDeclaration("faq", msgid("Question from the library"), fields: [
        FieldDeclaration("snippet", msgid("Question"), .snippet(.faq), required: true),
    ])
    public static let teamMember = BlockDeclaration("team_member", msgid("Team member"), fields: [
        FieldDeclaration("snippet", msgid("Team member"), .snippet(.teamMember), required: true),
    ])

    public static let all: [BlockDeclaration] = [
        heading, richText, image, gallery, quote, callToAction, faqList, costTable, costCalculator, timelineSteps, videoEmbed, testimonial, faq, teamMember,
    ]
    static let byKind = Dictionary(uniqueKeysWithValues: all.map { ($0.kind, $0) })

    public static func declaration(_ kind: String) -> BlockDeclaration? { byKind[kind] }

    /// Every kind but the page-type specific ones: what most bodies allow.
    public static let general = [heading, richText, image, gallery, quote, callToAction, faqList, videoEmbed, testimonial, faq, teamMember].map(\.kind)
}
