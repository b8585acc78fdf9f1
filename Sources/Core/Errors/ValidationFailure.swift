/// Input that failed validation, field by field, so a form can show each message beside its field.
public struct ValidationFailure: DomainError, Equatable {
    /// Field name → English msgid of what is wrong with it.
    public let fields: [String: String]

    public init(_ fields: [String: String]) {
        self.fields = fields
    }

    public var kind: ErrorKind { .invalid }
    public var messageKey: String { msgid("Some of the information you entered needs correcting.") }
}
