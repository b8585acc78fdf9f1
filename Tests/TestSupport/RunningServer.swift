import NIOCore
import NIOPosix
import Vapor

/// Runs `body` while `app` listens on a free port on 127.0.0.1, so requests go through NIO's
/// real HTTP parser rather than the in-memory responder.
public func withRunningServer(_ app: Application, _ body: (Int) async throws -> Void) async throws {
    try await app.asyncBoot()
    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
    guard let port = app.http.server.shared.localAddress?.port else {
        await app.server.shutdown()
        throw TestSetupError("the test server did not report its port")
    }
    do {
        try await body(port)
    } catch {
        await app.server.shutdown()
        throw error
    }
    await app.server.shutdown()
}

/// Sends raw bytes to a server on 127.0.0.1 and returns everything it answers until it closes
/// the connection or `timeout` passes.
public enum RawHTTP {
    /// - Parameter timeout: a guard against a hang, not a speed target: in a full run on two cores
    ///   a request has waited over 30 s for its turn, and a request the client gave up on holds up
    ///   the next one (and then runs on after its test has shut the app down).
    public static func exchange(_ request: [UInt8], port: Int, timeout: TimeAmount = .seconds(300)) async throws -> String {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = eventLoop.makePromise(of: ByteBuffer.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(Collector(promise: promise))
                    }
                }
                .connect(host: "127.0.0.1", port: port).get()
        } catch {
            // A promise never completed stops the whole test process; a refused connection is one test's failure.
            promise.fail(error)
            throw error
        }
        let deadline = eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        // The server may close before it has read everything (that is one of the answers we test).
        try? await channel.writeAndFlush(ByteBuffer(bytes: request)).get()
        let buffer = try await promise.futureResult.get()
        deadline.cancel()
        return String(decoding: buffer.readableBytesView, as: UTF8.self)
    }

    /// The status codes of every response in `text` (pipelined answers included).
    public static func statusCodes(in text: String) -> [Int] {
        text.components(separatedBy: "\r\n")
            .filter { $0.hasPrefix("HTTP/1.") }
            .compactMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private var received = ByteBuffer()
        private let promise: EventLoopPromise<ByteBuffer>

        init(promise: EventLoopPromise<ByteBuffer>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received.writeBuffer(&buffer)
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.succeed(received)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
