import Core
import Foundation
import NIOCore
import NIOPosix

/// What clamd said about a stream. Only its exact `stream: OK` is clean.
public enum ScanVerdict: Sendable, Equatable {
    case clean
    case infected(signature: String)
    /// clamd answered but did not scan it (a limit, an error): never to be served as clean.
    case unscanned(reason: String)
}

/// clamd could not be reached or did not answer in time: the scan is to be tried again later.
public struct ClamdUnavailable: Error, CustomStringConvertible {
    public let description: String
}

/// Streams bytes to clamd with INSTREAM: `zINSTREAM\0`, then chunks each preceded by its length as
/// 4 big-endian bytes, then a zero length; the answer is one NUL-terminated line.
public struct ClamdClient: Sendable {
    public let address: ClamdAddress
    public var timeout: Duration = .seconds(300)
    public static let chunkSize = 64 << 10

    public init(address: ClamdAddress) {
        self.address = address
    }

    /// Whether clamd answers `PONG`.
    public func ping() async -> Bool {
        (try? await exchange { outbound in
            try await outbound.write(ByteBuffer(string: "zPING\0"))
        }) == "PONG"
    }

    /// Scans the bytes `chunks` yields, in order.
    public func scan<Chunks: AsyncSequence & Sendable>(_ chunks: Chunks) async throws -> ScanVerdict where Chunks.Element == ByteBuffer {
        let reply = try await exchange { outbound in
            try await outbound.write(ByteBuffer(string: "zINSTREAM\0"))
            for try await chunk in chunks {
                var rest = chunk
                while rest.readableBytes > 0 {
                    let piece = rest.readSlice(length: min(rest.readableBytes, Self.chunkSize))!
                    var framed = ByteBuffer()
                    framed.writeInteger(UInt32(piece.readableBytes), endianness: .big)
                    framed.writeImmutableBuffer(piece)
                    try await outbound.write(framed)
                }
            }
            var end = ByteBuffer()
            end.writeInteger(UInt32(0), endianness: .big)
            try await outbound.write(end)
        }
        return Self.verdict(reply)
    }

    static func verdict(_ reply: String) -> ScanVerdict {
        if reply == "stream: OK" { return .clean }
        if reply.hasPrefix("stream: "), reply.hasSuffix(" FOUND") {
            return .infected(signature: String(reply.dropFirst("stream: ".count).dropLast(" FOUND".count)))
        }
        return .unscanned(reason: reply.isEmpty ? "no answer" : reply)
    }

    /// Connects, lets `send` write, and returns clamd's reply without its NUL. A write that fails
    /// because clamd closed the connection early (a size limit) still reads the reply it sent.
    private func exchange(_ send: @escaping @Sendable (NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> Void) async throws -> String {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(.seconds(5))
        let initializer: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel(wrappingChannelSynchronously: channel) }
        }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            switch address {
            case .tcp(let host, let port): channel = try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
            case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
            }
        } catch {
            throw ClamdUnavailable(description: "cannot connect to clamd at \(address): \(error)")
        }
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var sendError: (any Error)?
                    do { try await send(outbound) } catch { sendError = error }
                    var reply = ByteBuffer()
                    for try await part in inbound {
                        reply.writeImmutableBuffer(part)
                        if reply.readableBytesView.last == 0 { break }
                    }
                    let text = String(buffer: reply).trimmingCharacters(in: CharacterSet(charactersIn: "\0\n"))
                    if text.isEmpty, let sendError { throw ClamdUnavailable(description: "clamd closed the connection: \(sendError)") }
                    return text
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw ClamdUnavailable(description: "clamd did not answer within \(timeout)")
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
    }
}
