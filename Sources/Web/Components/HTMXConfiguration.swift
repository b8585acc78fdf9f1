import Markup

/// htmx's settings, read by htmx from this meta tag: no eval, no script tags in responses, no
/// injected indicator styles (all three would need what our CSP forbids), requests only to our
/// own origin, and 422 answers swapped in, so a form can show its errors in place.
struct HTMXConfiguration: Node {
    static let json = #"{"allowEval":false,"allowScriptTags":false,"includeIndicatorStyles":false,"selfRequestsOnly":true,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true},{"code":"[45]..","swap":false,"error":true}]}"#

    func render(into buffer: inout String) {
        meta(.name("htmx-config"), .content(Self.json)).render(into: &buffer)
    }
}
