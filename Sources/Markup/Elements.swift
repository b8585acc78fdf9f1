// The elements we use, one function each. Element names are lower-case like the HTML they write.
// `<script>` takes only a URL (no inline code: the CSP forbids it) and there is no `<style>`.

public func html(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("html", attributes, content())
}
public func head(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("head", attributes, content())
}
public func body(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("body", attributes, content())
}
public func title(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("title", attributes, content())
}
public func header(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("header", attributes, content())
}
public func nav(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("nav", attributes, content())
}
public func main(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("main", attributes, content())
}
public func footer(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("footer", attributes, content())
}
public func section(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("section", attributes, content())
}
public func article(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("article", attributes, content())
}
public func aside(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("aside", attributes, content())
}
public func div(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("div", attributes, content())
}
public func span(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("span", attributes, content())
}
/// Text whose direction is its own (a file's or person's name in another script): it cannot reorder what surrounds it.
public func bdi(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("bdi", attributes, content())
}
public func p(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("p", attributes, content())
}
public func a(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("a", attributes, content())
}
public func h1(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("h1", attributes, content())
}
public func h2(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("h2", attributes, content())
}
public func h3(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("h3", attributes, content())
}
public func h4(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("h4", attributes, content())
}
public func ul(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("ul", attributes, content())
}
public func ol(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("ol", attributes, content())
}
public func li(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("li", attributes, content())
}
public func dl(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("dl", attributes, content())
}
public func dt(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("dt", attributes, content())
}
public func dd(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("dd", attributes, content())
}
public func strong(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("strong", attributes, content())
}
public func em(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("em", attributes, content())
}
public func small(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("small", attributes, content())
}
public func figure(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("figure", attributes, content())
}
public func figcaption(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("figcaption", attributes, content())
}
public func form(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("form", attributes, content())
}
public func fieldset(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("fieldset", attributes, content())
}
public func legend(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("legend", attributes, content())
}
public func label(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("label", attributes, content())
}
public func textarea(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("textarea", attributes, content())
}
public func select(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("select", attributes, content())
}
public func option(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("option", attributes, content())
}
public func button(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("button", attributes, content())
}
public func details(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("details", attributes, content())
}
public func summary(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("summary", attributes, content())
}
public func dialog(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("dialog", attributes, content())
}
public func time(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("time", attributes, content())
}
public func address(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("address", attributes, content())
}
public func blockquote(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("blockquote", attributes, content())
}
public func code(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("code", attributes, content())
}
public func pre(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("pre", attributes, content())
}
public func table(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("table", attributes, content())
}
public func thead(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("thead", attributes, content())
}
public func tbody(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("tbody", attributes, content())
}
public func tr(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("tr", attributes, content())
}
public func th(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("th", attributes, content())
}
public func td(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("td", attributes, content())
}
public func caption(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("caption", attributes, content())
}
public func picture(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("picture", attributes, content())
}
public func noscript(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("noscript", attributes, content())
}
public func meta(_ attributes: Attribute...) -> Element { Element("meta", attributes, isVoid: true) }
public func link(_ attributes: Attribute...) -> Element { Element("link", attributes, isVoid: true) }
public func br(_ attributes: Attribute...) -> Element { Element("br", attributes, isVoid: true) }
public func hr(_ attributes: Attribute...) -> Element { Element("hr", attributes, isVoid: true) }
public func img(_ attributes: Attribute...) -> Element { Element("img", attributes, isVoid: true) }
public func input(_ attributes: Attribute...) -> Element { Element("input", attributes, isVoid: true) }
public func source(_ attributes: Attribute...) -> Element { Element("source", attributes, isVoid: true) }

/// An external script, a module by default; its URL must pass `SafeURL`.
public func script(src url: SafeURL, module: Bool = true) -> Element {
    Element("script", module ? [.type("module"), .src(url)] : [.src(url), .defer])
}


/// `<button>` with attributes computed at run time.
public func button(attributes: [Attribute], @NodeBuilder content: () -> Fragment) -> Element {
    Element("button", attributes, content())
}

/// `<input>` with attributes computed at run time.
public func input(attributes: [Attribute]) -> Element { Element("input", attributes, isVoid: true) }

/// `<textarea>` with attributes computed at run time.
public func select(attributes: [Attribute], @NodeBuilder content: () -> Fragment) -> Element {
    Element("select", attributes, content())
}
public func textarea(attributes: [Attribute], @NodeBuilder content: () -> Fragment) -> Element {
    Element("textarea", attributes, content())
}

/// `<div>` with attributes computed at run time.
public func div(attributes: [Attribute], @NodeBuilder content: () -> Fragment) -> Element {
    Element("div", attributes, content())
}
