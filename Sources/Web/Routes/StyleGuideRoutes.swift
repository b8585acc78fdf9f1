import Core
import Vapor

/// `/{locale}/styleguide`: every component in both directions, with a demo form that really validates.
public struct StyleGuideRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        routes.get(":locale", "styleguide", use: show)
        routes.post(":locale", "styleguide", use: submit)
    }

    struct DemoInput: Content {
        var name: String?
        var email: String?
        var age: String?
    }

    @Sendable
    func show(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        let page = (try? req.query.get(String.self, at: "page")).flatMap(Numerals.parseInteger) ?? 1
        return Response.html(StyleGuidePage(chrome: chrome(req, locale), csrfToken: req.csrfToken(), page: page))
    }

    @Sendable
    func submit(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        let input = try req.content.decode(DemoInput.self)
        let form = StyleGuidePage.validate(name: input.name ?? "", email: input.email ?? "", age: input.age ?? "",
                                           localizer: req.localizer(locale))
        let status: HTTPResponseStatus = form.errors.isEmpty ? .ok : .unprocessableEntity
        // htmx asks for the form alone; the same component renders it inside the full page.
        if req.headers.first(name: "HX-Request") == "true" {
            let fragment = DemoFormView(values: form, csrfToken: req.csrfToken(), action: StyleGuidePage.formAction(locale),
                                        localizer: req.localizer(locale), icons: req.webContext.icons)
            let response = Response.html(fragment, status: status)
            response.headers.replaceOrAdd(name: .vary, value: "HX-Request")
            return response
        }
        let page = StyleGuidePage(chrome: chrome(req, locale), csrfToken: req.csrfToken(), form: form)
        return Response.html(page, status: status)
    }

    private func chrome(_ req: Request, _ locale: SiteLocale) -> PageChrome {
        req.chrome(locale, path: "styleguide", indexable: false, usesHTMX: true)
    }
}
