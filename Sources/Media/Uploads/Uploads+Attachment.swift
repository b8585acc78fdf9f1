import Core
import FluentKit
import Foundation

extension Uploads {
    /// Files a visitor's uploads under what their form became (`type`/`id`, an inquiry), with the
    /// patient as owner when known, in the caller's transaction. Returns how many.
    public func attach(formKey: String, to type: String, id: String, owner: UUID?, on database: any Database) async throws -> Int {
        let query = UploadRecord.query(on: database).filter(\.$formKey == formKey).filter(\.$attachedID == nil)
        let count = try await query.count()
        var update = query.set(\.$attachedType, to: type).set(\.$attachedID, to: id)
        if let owner { update = update.set(\.$ownerID, to: owner) }
        try await update.update()
        return count
    }

    /// Gives what is attached to `type`/`id` an owner: the patient, once their account is known.
    public func setOwner(_ owner: UUID, ofAttached type: String, id: String, on database: any Database) async throws {
        try await UploadRecord.query(on: database).filter(\.$attachedType == type).filter(\.$attachedID == id)
            .set(\.$ownerID, to: owner).update()
    }

    /// What is attached to `type`/`id`, oldest first.
    public func attached(to type: String, id: String, on database: any Database) async throws -> [UploadRecord] {
        try await UploadRecord.query(on: database).filter(\.$attachedType == type).filter(\.$attachedID == id)
            .sort(\.$createdAt).all()
    }

    /// What a visitor sent with a form not yet submitted, oldest first: a form shown again after
    /// an error lists them, so nothing already sent is sent twice.
    public func pending(formKey: String, on database: any Database) async throws -> [UploadRecord] {
        try await UploadRecord.query(on: database).filter(\.$formKey == formKey).filter(\.$attachedID == nil)
            .sort(\.$createdAt).all()
    }
}
