import Foundation

/// The record of who signed in, who was refused and why, and what admins changed.
public protocol AuditLog: Sendable {
    func record(_ event: AuditEvent) async throws
    func recent(limit: Int) async throws -> [AuditEvent]
}

public struct AuditEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case login
        case rejection
        case registration
        case admin
        /// Credentials changed, links voided, sessions ended, limits applied.
        case security
    }

    public var kind: Kind
    public var method: AuthenticationMethod?
    public var contactID: Contact.ID?
    public var email: String?
    public var reasonCode: ReasonCode?
    /// Detail for admins; never a password, token, session id or whole assertion.
    public var detail: String
    public var requestID: String?
    public var at: Date

    public init(
        kind: Kind, method: AuthenticationMethod? = nil, contactID: Contact.ID? = nil, email: String? = nil, reasonCode: ReasonCode? = nil,
        detail: String, requestID: String? = nil, at: Date
    ) {
        self.kind = kind
        self.method = method
        self.contactID = contactID
        self.email = email
        self.reasonCode = reasonCode
        self.detail = detail
        self.requestID = requestID
        self.at = at
    }
}
