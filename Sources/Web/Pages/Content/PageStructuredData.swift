import Content
import Core
import Foundation
import Markup

/// What a page says of itself to search engines, in schema.org's vocabulary as JSON-LD: the page
/// by its kind, with its breadcrumb trail and medical review; the clinic on the home and contact
/// pages; the procedure a procedure or method page describes; an FAQ page's questions; an
/// article. The browser suite checks every type and property against the vocabulary.
struct PageStructuredData: Node {
    let live: LivePage
    let chrome: PageChrome
    /// The page's image as shared links show it, which schema.org's `image` names too.
    let social: SocialPreview

    static let vocabulary = "https://schema.org"

    func render(into buffer: inout String) {
        guard chrome.indexable, let json = try? CanonicalJSON.encode(["@context": .string(Self.vocabulary), "@graph": .array(graph)]) else { return }
        StructuredData(json: json).render(into: &buffer)
    }

    var pageURL: String { absolute(live.page.urlPath) }
    var fields: [String: JSONValue] { live.content.fields }
    var isHome: Bool { live.page.parentID == nil }

    var graph: [JSONValue] {
        var nodes: [JSONValue] = [webPage]
        if !isHome { nodes.append(breadcrumbs) }
        if let clinic { nodes.append(clinic) }
        switch live.type.name {
        case PageTypes.procedure.name, PageTypes.method.name: nodes.append(procedure)
        case PageTypes.article.name: nodes.append(article)
        default: break
        }
        return nodes
    }

    /// The kind of page: medical information is a MedicalWebPage, which carries its review.
    var pageType: String {
        switch live.type.name {
        case PageTypes.faq.name: "FAQPage"
        case PageTypes.contact.name: "ContactPage"
        case PageTypes.storyIndex.name, PageTypes.articleIndex.name: "CollectionPage"
        case PageTypes.home.name, PageTypes.legal.name: "WebPage"
        default: "MedicalWebPage"
        }
    }

    var webPage: JSONValue {
        var page: [String: JSONValue] = [
            "@type": .string(pageType), "@id": .string(pageURL), "url": .string(pageURL),
            "name": .string(live.content.title), "inLanguage": .string(live.page.locale.languageTag),
        ]
        page["description"] = summary.map(JSONValue.string)
        page["datePublished"] = live.page.firstPublishedAt.map { .string($0.formatted(.iso8601)) }
        page["dateModified"] = (live.revision.publishedAt ?? live.page.lastPublishedAt).map { .string($0.formatted(.iso8601)) }
        if !isHome { page["breadcrumb"] = ["@id": .string(pageURL + "#breadcrumb")] }
        if let image = imageURL { page["image"] = .string(image) }
        if let review = live.review {
            var reviewer: [String: JSONValue] = ["@type": "Person", "name": .string(review.reviewerName)]
            reviewer["jobTitle"] = review.reviewerRole.map { .string(AdminLabels.role($0, chrome.localizer)) }
            page["reviewedBy"] = .object(reviewer)
            page["lastReviewed"] = .string(Self.day(review.reviewedAt, in: chrome.context.configuration.clinicTimeZone))
        }
        switch live.type.name {
        case PageTypes.faq.name: page["mainEntity"] = .array(questions)
        case PageTypes.procedure.name, PageTypes.method.name: page["mainEntity"] = ["@id": .string(pageURL + "#procedure")]
        case PageTypes.article.name: page["mainEntity"] = ["@id": .string(pageURL + "#article")]
        case PageTypes.home.name, PageTypes.contact.name: page["about"] = ["@id": .string(clinicID)]
        default: break
        }
        return .object(page)
    }

    var breadcrumbs: JSONValue {
        let t = chrome.localizer
        let steps = live.ancestors.map { ($0.parentID == nil ? t.t("Hills Clinic") : $0.title, absolute($0.urlPath)) }
            + [(live.content.title, pageURL)]
        return ["@type": "BreadcrumbList", "@id": .string(pageURL + "#breadcrumb"), "itemListElement": .array(steps.enumerated().map { index, step in
            ["@type": "ListItem", "position": .int(Int64(index + 1)), "name": .string(step.0), "item": ["@id": .string(step.1)]]
        })]
    }

    /// The same clinic on every page and in every language: one `@id`.
    var clinicID: String { chrome.context.absoluteURL("/#clinic") }

    /// On the home and contact pages, from the locale's contact page.
    var clinic: JSONValue? {
        guard [PageTypes.home.name, PageTypes.contact.name].contains(live.type.name) else { return nil }
        let t = chrome.localizer
        let contact = live.clinicContact?.fields ?? [:]
        let languages = JSONValue.array(SiteLocale.allCases.map { .string($0.languageTag) })
        var clinic: [String: JSONValue] = [
            "@type": "MedicalClinic", "@id": .string(clinicID), "name": .string(t.t("Hills Clinic")),
            "url": .string(absolute("/\(live.page.locale.rawValue)/")), "knowsLanguage": languages,
        ]
        clinic["address"] = contact["address"]?.stringValue.map { .string($0.split(whereSeparator: \.isNewline).joined(separator: ", ")) }
        clinic["telephone"] = contact["phone"]
        clinic["email"] = contact["email"]
        clinic["hasMap"] = contact["map_link"]?.stringValue.map { .string($0.hasPrefix("/") ? absolute($0) : $0) }
        let hours = OpeningHours.parse(contact["opening_hours"])
        if !hours.isEmpty {
            clinic["openingHoursSpecification"] = .array(hours.map { period in
                ["@type": "OpeningHoursSpecification", "dayOfWeek": .array(period.days.map { .string(Self.vocabulary + "/" + $0.schemaName) }),
                 "opens": .string(period.opens), "closes": .string(period.closes)]
            })
        }
        if contact["phone"] != nil || contact["email"] != nil {
            var point: [String: JSONValue] = ["@type": "ContactPoint", "contactType": .string(t.t("International patient coordinators")),
                                              "availableLanguage": languages]
            point["telephone"] = contact["phone"]
            point["email"] = contact["email"]
            clinic["contactPoint"] = .object(point)
        }
        return .object(clinic)
    }

    var procedure: JSONValue {
        var procedure: [String: JSONValue] = ["@type": "MedicalProcedure", "@id": .string(pageURL + "#procedure"), "name": .string(live.content.title),
                                              "url": .string(pageURL)]
        procedure["description"] = summary.map(JSONValue.string)
        procedure["howPerformed"] = plainText("how_it_works")
        procedure["followup"] = plainText("timeline")
        if let image = imageURL { procedure["image"] = .string(image) }
        return .object(procedure)
    }

    var article: JSONValue {
        var article: [String: JSONValue] = ["@type": "Article", "@id": .string(pageURL + "#article"), "headline": .string(live.content.title),
                                            "inLanguage": .string(live.page.locale.languageTag), "mainEntityOfPage": .string(pageURL)]
        article["author"] = fields["author"]?.stringValue.map { ["@type": "Person", "name": .string($0)] }
        article["datePublished"] = fields["date"]
        article["dateModified"] = live.page.lastPublishedAt.map { .string($0.formatted(.iso8601)) }
        article["description"] = summary.map(JSONValue.string)
        article["keywords"] = fields["tags"]?.arrayValue.map { .string($0.compactMap(\.stringValue).joined(separator: ", ")) }
        if let image = imageURL { article["image"] = .string(image) }
        return .object(article)
    }

    /// An FAQ page's questions, from its lists and from the library, in the page's order.
    var questions: [JSONValue] {
        var pairs: [(String, String)] = []
        for block in live.content.blocks {
            switch block.kind {
            case BlockKinds.faqList.kind:
                for item in block.value["items"]?.arrayValue ?? [] {
                    if let question = item.objectValue?["question"]?.stringValue, let answer = item.objectValue?["answer"]?.stringValue {
                        pairs.append((question, answer))
                    }
                }
            case BlockKinds.faq.kind:
                if let id = block.value["snippet"]?.stringValue.flatMap(UUID.init(uuidString:)), let snippet = live.snippets[id],
                   let question = snippet.fields["question"]?.stringValue, let answer = snippet.fields["answer"]?.stringValue {
                    pairs.append((question, answer))
                }
            default: break
            }
        }
        return pairs.map { question, answer in
            ["@type": "Question", "name": .string(question), "acceptedAnswer": ["@type": "Answer", "text": .string(RichText.plainText(answer))]]
        }
    }

    var summary: String? { (fields["summary"] ?? fields["intro"])?.stringValue }

    func plainText(_ field: String) -> JSONValue? {
        fields[field]?.stringValue.map { .string(RichText.plainText($0)) }
    }

    /// The image a shared link shows, as an absolute address.
    var imageURL: String? {
        social.image.flatMap(SocialTags.pick).map { SocialTags.address($0, chrome.context) }
    }

    func absolute(_ path: String) -> String {
        chrome.context.absoluteURL(ContentPageView.url(path).value)
    }

    /// `YYYY-MM-DD` of `date` where the clinic is.
    static func day(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
