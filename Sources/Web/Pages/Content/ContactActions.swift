import Content
import Core
import Markup

/// The two ways a patient abroad reaches the clinic from a phone: a call, and a WhatsApp message
/// already begun in their language. From the locale's contact page, on the home and contact pages.
struct ContactActions: Node {
    let contact: [String: JSONValue]
    let localizer: Localizer
    let icons: IconSet

    /// `wa.me` takes the number as digits only, with its country code and no `+`.
    static func whatsApp(_ number: String, text: String) -> SafeURL? {
        let digits = number.filter { $0.isASCII && $0.isNumber }
        guard (7...15).contains(digits.count) else { return nil }
        return SafeURL("https://wa.me/" + digits)?.with(query: [(name: "text", value: text)])
    }

    static func call(_ number: String) -> SafeURL? {
        SafeURL("tel:+" + number.filter { $0.isASCII && $0.isNumber })
    }

    func render(into buffer: inout String) {
        let t = localizer
        let call = contact["phone"]?.stringValue.flatMap(Self.call)
        let message = contact["whatsapp"]?.stringValue.flatMap {
            Self.whatsApp($0, text: t.t("Hello, I would like to ask about treatment at Hills Clinic."))
        }
        guard call != nil || message != nil else { return }
        // Stacked on phones: a row of two long labels would re-wrap when the web font arrives.
        div(.class("mt-6 flex flex-col gap-3 sm:flex-row sm:flex-wrap"), .data("contact-actions", "")) {
            if let call {
                a(.href(call), .class(ButtonStyle.primary.classes), .data("call", "")) {
                    IconView("outline/phone", in: icons, size: "size-5")
                    t.t("Call us")
                }
            }
            if let message {
                a(.href(message), .rel("noopener"), .class(ButtonStyle.secondary.classes), .data("whatsapp", "")) {
                    IconView("outline/chat-bubble-left-right", in: icons, size: "size-5")
                    t.t("Message us on WhatsApp")
                }
            }
        }.render(into: &buffer)
    }
}
