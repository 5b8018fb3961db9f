import Foundation

/// A registration or password-reset request as the browser submitted it, before anything is known
/// about the address.
///
/// The form's answer ("check your email") is given once this is durably queued; what the address's
/// state calls for (a confirmation link, an "already registered" note, a reset link, or nothing) is
/// worked out afterwards by ``AccountRequestProcessor``. So the answer costs the same for known and
/// unknown addresses — the same write, the same commit — and reveals nothing in its content or timing.
/// A queued request marked done, with what was done, in the transaction of the write that did it: a
/// crash then can neither lose the request nor send its email twice.
public struct AccountRequestCompletion: Sendable, Equatable {
    public var id: Int64
    public var outcome: String
    public var at: Date

    public init(id: Int64, outcome: String, at: Date) {
        self.id = id
        self.outcome = outcome
        self.at = at
    }
}

public struct AccountRequest: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case registration
        case passwordReset = "password_reset"
    }

    public var id: Int64?
    public var kind: Kind
    public var email: EmailAddress
    /// The registration form's name (empty for a reset).
    public var name: String
    public var consentVersion: String?
    public var consentAccepted: Bool
    public var requestID: String
    public var createdAt: Date
    /// The language of the page the request came from (en, fi, de): its email is written in it.
    public var language: String?

    public init(
        id: Int64? = nil, kind: Kind, email: EmailAddress, name: String = "", consentVersion: String? = nil, consentAccepted: Bool = false,
        requestID: String, createdAt: Date, language: String? = nil
    ) {
        self.language = language
        self.id = id
        self.kind = kind
        self.email = email
        self.name = name
        self.consentVersion = consentVersion
        self.consentAccepted = consentAccepted
        self.requestID = requestID
        self.createdAt = createdAt
    }
}
