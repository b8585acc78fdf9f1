import Markup

/// A modal dialog on the native `<dialog>` element, opened by a button with an invoker command:
/// no script is needed in browsers that support `commandfor`, and our module fills in for the
/// rest. The browser moves focus into the dialog, traps it there, closes it on Escape, and returns
/// focus to the button that opened it.
public struct Modal: Node {
    let id: String
    let title: String
    let openLabel: String
    let closeLabel: String
    let icons: IconSet
    let content: Fragment

    public init(id: String, title: String, openLabel: String, closeLabel: String, icons: IconSet,
                @NodeBuilder content: () -> Fragment) {
        self.id = id
        self.title = title
        self.openLabel = openLabel
        self.closeLabel = closeLabel
        self.icons = icons
        self.content = content()
    }

    public func render(into buffer: inout String) {
        Fragment {
            Button(openLabel, style: .secondary, kind: .button, .commandfor(id), .command(.showModal))
            dialog(.id(id), .aria(.labelledby, id + "-title"),
                   .class("m-auto w-[min(36rem,calc(100vw-2rem))] rounded-2xl border border-line bg-white p-0 text-ink shadow-xl")) {
                div(.class("flex items-start justify-between gap-4 border-b border-line p-5")) {
                    h2(.id(id + "-title"), .class("text-xl font-bold")) { title }
                    button(attributes: [.type("button"), .commandfor(id), .command(.close), .aria(.label, closeLabel),
                                        .class("inline-flex min-h-11 min-w-11 items-center justify-center rounded-xl text-muted hover:bg-brand-50 focus-visible:outline-3 focus-visible:outline-focus")]) {
                        IconView("outline/x-mark", in: icons, size: "size-6")
                    }
                }
                div(.class("p-5")) { content }
                form(.method(.dialog), .class("flex justify-end border-t border-line p-4")) {
                    Button(closeLabel, style: .quiet)
                }
            }
        }.render(into: &buffer)
    }
}
