import HTTPSupport
import Vapor

/// An RFC 9457 problem document for API clients.
struct ProblemDetails: Content {
    static let mediaType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])

    /// A field that failed validation.
    struct FieldProblem: Codable {
        var field: String
        var detail: String
    }

    var type: String = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var instance: String
    var requestID: String
    var errors: [FieldProblem]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
        case requestID = "request_id"
    }
}
