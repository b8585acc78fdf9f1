@testable import App
import AsyncKit
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing
import Vapor

/// Which answer a failure becomes when it is not a domain error: the ones that are the server's
/// fault must not tell a client its request was wrong.
@Suite("Failures that are ours")
struct ErrorTableTests {
    /// What the API's generated layer hands on when a handler throws `error`.
    static func thrownByHandler(_ error: any Error) -> ServerError {
        ServerError(operationID: "createInquiry", request: HTTPTypes.HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/inquiries"),
                    requestBody: nil, requestMetadata: ServerRequestMetadata(), causeDescription: "Unknown", underlyingError: error)
    }

    @Test("a handler's own failure behind the API's generated layer is a 500, not a 400 that blames the client")
    func handlerFailure() {
        struct Broken: Error {}
        #expect(ErrorTable.describe(Self.thrownByHandler(Broken())).status == .internalServerError)
    }

    @Test("a database connection pool that stays full is 503 with Retry-After, on a page and at the API")
    func fullPool() {
        for error in [ConnectionPoolTimeoutError.connectionRequestTimeout, Self.thrownByHandler(ConnectionPoolTimeoutError.connectionRequestTimeout)] as [any Error] {
            let description = ErrorTable.describe(error)
            #expect(description.status == .serviceUnavailable)
            #expect(description.headers.first(name: "Retry-After") != nil)
        }
    }

    @Test("what the generated layer itself refuses (a body it cannot decode) stays the client's 400")
    func decodingStaysBadRequest() {
        let decoding = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not JSON"))
        let refused = ServerError(operationID: "createInquiry", request: HTTPTypes.HTTPRequest(method: .post, scheme: "http", authority: "x", path: "/inquiries"),
                                  requestBody: nil, requestMetadata: ServerRequestMetadata(), causeDescription: "Unknown",
                                  underlyingError: decoding, httpStatus: .badRequest, httpHeaderFields: [:], httpBody: nil)
        #expect(ErrorTable.describe(refused).status == .badRequest)
    }
}
