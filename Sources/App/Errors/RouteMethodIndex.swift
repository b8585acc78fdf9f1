import RoutingKit
import Vapor

/// Which methods each registered path accepts, so that a wrong method gets 405 with `Allow`
/// instead of Vapor's 404.
// TrieRouter is not marked Sendable, but this one is fully built in `init` and only read after.
struct RouteMethodIndex: @unchecked Sendable {
    private let router: TrieRouter<[String]>
    /// TrieRouter cannot hold the empty path, so `/` is kept apart.
    private let rootMethods: [String]

    init(routes: [Route]) {
        var byPath: [String: ([PathComponent], Set<String>)] = [:]
        for route in routes {
            let key = route.path.map(\.description).joined(separator: "/")
            var entry = byPath[key] ?? (route.path, [])
            entry.1.insert(route.method.rawValue)
            if route.method == .GET { entry.1.insert(HTTPMethod.HEAD.rawValue) }
            byPath[key] = entry
        }
        let router = TrieRouter<[String]>()
        var rootMethods: [String] = []
        for (path, methods) in byPath.values {
            if path.isEmpty {
                rootMethods = methods.sorted()
            } else {
                router.register(methods.sorted(), at: path)
            }
        }
        self.router = router
        self.rootMethods = rootMethods
    }

    /// The methods `path` accepts, empty when no route has that path.
    func allowedMethods(forPath path: String) -> [String] {
        var parameters = Parameters()
        let components = path.split(separator: "/").map(String.init)
        if components.isEmpty { return rootMethods }
        return router.route(path: components, parameters: &parameters) ?? []
    }
}

extension Application {
    private struct RouteMethodIndexKey: StorageKey { typealias Value = RouteMethodIndex }

    /// Built when the application boots, after every route is registered.
    var routeMethodIndex: RouteMethodIndex? {
        get { storage[RouteMethodIndexKey.self] }
        set { storage[RouteMethodIndexKey.self] = newValue }
    }
}

/// Builds the method index at boot.
struct RouteMethodIndexBuilder: LifecycleHandler {
    func willBoot(_ application: Application) throws {
        application.routeMethodIndex = RouteMethodIndex(routes: application.routes.all)
    }
}
