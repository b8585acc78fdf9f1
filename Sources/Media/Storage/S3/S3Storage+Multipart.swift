import AsyncHTTPClient
import Core
import Foundation
import NIOCore

extension S3Storage {
    /// S3's most parts in one upload.
    static var maximumParts: Int64 { 10_000 }

    /// CreateMultipartUpload, one UploadPart per `partSize` bytes (each hashed, so buffered alone),
    /// CompleteMultipartUpload; any failure, cancellation included, aborts the upload so that no
    /// parts are left to be billed.
    func multipartPut<Chunks: AsyncSequence & Sendable>(_ key: ObjectKey, chunks: Chunks, length: Int64, contentType: String) async throws
    where Chunks.Element == ByteBuffer {
        let mebibyte: Int64 = 1 << 20
        let needed = (length + Self.maximumParts - 1) / Self.maximumParts
        let size = Int(max(Int64(partSize), (needed + mebibyte - 1) / mebibyte * mebibyte))
        let uploadID = try await createMultipartUpload(key, contentType: contentType)
        do {
            var etags: [String] = []
            try await Self.forEachPart(of: chunks, length: length, partSize: size) { part, number in
                etags.append(try await uploadPart(key, uploadID: uploadID, number: number, body: part))
            }
            try await completeMultipartUpload(key, uploadID: uploadID, etags: etags)
        } catch {
            // In a task of its own: a cancelled caller's task would cancel the abort too.
            let storage = self
            await Task { await storage.abortMultipartUpload(key, uploadID: uploadID) }.value
            throw error
        }
    }

    func createMultipartUpload(_ key: ObjectKey, contentType: String) async throws -> String {
        let response = try await send(.POST, key: key, query: [("uploads", "")], headers: uploadHeaders(contentType))
        let document = try await expectSuccess(response, key: key)
        guard let uploadID = S3XML.value(of: "UploadId", in: document), !uploadID.isEmpty else {
            throw StorageError(.unavailable, "S3 started a multipart upload of \(key) without giving its UploadId")
        }
        return uploadID
    }

    /// Sends part `number` (from 1) and returns its ETag.
    func uploadPart(_ key: ObjectKey, uploadID: String, number: Int, body: ByteBuffer) async throws -> String {
        let query = [(name: "partNumber", value: String(number)), (name: "uploadId", value: uploadID)]
        let response = try await send(.PUT, key: key, query: query, body: body)
        try await expectSuccess(response, key: key)
        guard let etag = response.headers.first(name: "ETag"), !etag.isEmpty else {
            throw StorageError(.unavailable, "S3 took part \(number) of \(key) without giving its ETag")
        }
        return etag
    }

    func completeMultipartUpload(_ key: ObjectKey, uploadID: String, etags: [String]) async throws {
        let parts = etags.enumerated().map {
            "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(S3XML.escape($0.element))</ETag></Part>"
        }
        let xml =
            #"<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"# + parts.joined() + "</CompleteMultipartUpload>"
        let response = try await send(
            .POST, key: key, query: [("uploadId", uploadID)],
            headers: [("Content-Type", "application/xml")], body: ByteBuffer(string: xml))
        let document = try await expectSuccess(response, key: key)
        // S3 may answer 200 and still fail, with an error document in the body.
        if S3XML.root(of: document, is: "Error") {
            throw failure(status: response.status.code, document: document, key: key)
        }
    }

    /// Best effort: a failure is logged (the bucket's lifecycle rule for incomplete uploads is the backstop).
    func abortMultipartUpload(_ key: ObjectKey, uploadID: String) async {
        do {
            let response = try await send(.DELETE, key: key, query: [("uploadId", uploadID)])
            if response.status != .notFound { try await expectSuccess(response, key: key) }
        } catch {
            logger.warning("could not abort the multipart upload of \(key): \(error)")
        }
    }

    /// Cuts `chunks` (of any sizes) into parts of `partSize` bytes, the last one shorter, and hands each
    /// to `body` with its number from 1 before reading on: one part is held in memory at a time. The
    /// stream must bring exactly `length` bytes.
    static func forEachPart<Chunks: AsyncSequence & Sendable>(
        of chunks: Chunks, length: Int64, partSize: Int, _ body: (ByteBuffer, Int) async throws -> Void
    ) async throws where Chunks.Element == ByteBuffer {
        var part = ByteBuffer()
        part.reserveCapacity(Int(min(Int64(partSize), length)))
        var received: Int64 = 0
        var number = 0
        for try await var chunk in chunks {
            received += Int64(chunk.readableBytes)
            guard received <= length else { throw StorageError(.refused, "more bytes than the \(length) announced") }
            while chunk.readableBytes > 0 {
                var piece = chunk.readSlice(length: min(chunk.readableBytes, partSize - part.readableBytes))!
                part.writeBuffer(&piece)
                if part.readableBytes == partSize {
                    number += 1
                    try await body(part, number)
                    part.clear()
                }
            }
        }
        guard received == length else { throw StorageError(.refused, "\(received) bytes arrived, \(length) were announced") }
        if part.readableBytes > 0 {
            number += 1
            try await body(part, number)
        }
    }
}
