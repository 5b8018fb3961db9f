import Foundation
import GRDB
import GatehouseCore

struct AuditEventRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "auditEvent"

    enum Columns {
        static let id = Column(CodingKeys.id)
    }

    var id: Int64?
    var kind: String
    var method: String?
    var contactID: Int64?
    var email: String?
    var reasonCode: String?
    var detail: String
    var requestID: String?
    var at: Date

    init(_ event: AuditEvent) {
        kind = event.kind.rawValue
        method = event.method?.rawValue
        contactID = event.contactID
        email = event.email
        reasonCode = event.reasonCode?.rawValue
        // Audit detail is bounded: it may quote values from requests.
        detail = String(event.detail.prefix(1000))
        requestID = event.requestID
        at = event.at
    }

    var event: AuditEvent? {
        guard let kind = AuditEvent.Kind(rawValue: kind) else { return nil }
        return AuditEvent(
            kind: kind, method: method.flatMap(AuthenticationMethod.init(rawValue:)), contactID: contactID, email: email,
            reasonCode: reasonCode.flatMap(ReasonCode.init), detail: detail, requestID: requestID, at: at)
    }
}
