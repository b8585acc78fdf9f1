import NIOCore

/// Turns inbound bytes into replies and hands them to whoever waits, one at a time.
///
/// All state is touched on the channel's event loop only (callers go through `eventLoop.submit`),
/// hence the unchecked Sendable.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var buffer = ByteBuffer()
    private var parser = SMTPReplyParser()
    private var ready: [Result<SMTPReply, SMTPError>] = []
    private var waiting: EventLoopPromise<SMTPReply>?
    private var closedError: SMTPError?
    /// Longer lines than RFC 5321 allows (512) are refused, so a hostile server cannot fill memory.
    private let maximumLine = 4096

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer.writeBuffer(&bytes)
        while let line = nextLine() {
            do {
                if let reply = try parser.feed(line) { deliver(.success(reply)) }
            } catch {
                deliver(.failure(error))
                context.close(promise: nil)
                return
            }
        }
        if buffer.readableBytes > maximumLine {
            deliver(.failure(.protocolViolation("reply line too long")))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closedError = closedError ?? .connection("the server closed the connection")
        waiting?.fail(closedError!)
        waiting = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closedError = .connection("connection lost: \(error)")
        waiting?.fail(closedError!)
        waiting = nil
        context.close(promise: nil)
    }

    /// Fails whoever waits and closes the connection (a timeout).
    func giveUp(_ error: SMTPError, channel: any Channel) {
        closedError = error
        waiting?.fail(error)
        waiting = nil
        channel.close(promise: nil)
    }

    /// The next reply, waiting for it if it has not arrived.
    func nextReply(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !ready.isEmpty {
            return eventLoop.makeCompletedFuture(ready.removeFirst().mapError { $0 as any Error })
        }
        if let closedError { return eventLoop.makeFailedFuture(closedError) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting = promise
        return promise.futureResult
    }

    /// Whether anything arrived that no command asked for yet: after the server agrees to
    /// STARTTLS, such bytes were sent in plain text and may be an attacker's injection.
    var hasUnrequestedInput: Bool { buffer.readableBytes > 0 || !ready.isEmpty }

    private func deliver(_ result: Result<SMTPReply, SMTPError>) {
        if let waiting {
            self.waiting = nil
            waiting.completeWith(result.mapError { $0 as any Error })
        } else {
            ready.append(result)
        }
    }

    private func nextLine() -> String? {
        guard let view = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let length = view - buffer.readerIndex
        guard var line = buffer.readString(length: length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        buffer.discardReadBytes()
        return line
    }
}
