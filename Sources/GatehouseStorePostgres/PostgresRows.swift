import Foundation
import GatehouseCore
import PostgresNIO

/// Column lists and row decoders shared by the repositories (each `SELECT` names its columns in this order).
enum PostgresRows {
    static let contactColumns = "id, email, name, verified, isPortalAdmin, isAgent, createdAt, securityStamp"

    static func contact(_ row: PostgresRow) throws -> Contact {
        let (id, email, name, verified, isPortalAdmin, isAgent, createdAt, stamp) = try row.decode(
            (Int64, String, String, Bool, Bool, Bool, Date, Int).self)
        guard let address = EmailAddress(email) else { throw StoreError.notFound("contact \(id) has an unreadable email") }
        return Contact(
            id: id, email: address, name: name, verified: verified, isPortalAdmin: isPortalAdmin, isAgent: isAgent, createdAt: createdAt,
            securityStamp: stamp)
    }

    static let ticketColumns = "t.id, t.subject, t.pipeline, t.stage, t.status, t.priority, t.category, t.createdAt, t.lastActivityAt"

    static func ticket(_ row: PostgresRow) throws -> Ticket {
        let (id, subject, pipeline, stage, status, priority, category, createdAt, lastActivityAt) = try row.decode(
            (Int64, String, String, String, String, String?, String?, Date, Date).self)
        return Ticket(
            id: id, subject: subject, pipeline: pipeline, stage: stage, status: TicketStatus(rawValue: status) ?? .open,
            priority: priority.flatMap(TicketPriority.init(rawValue:)), category: category, createdAt: createdAt, lastActivityAt: lastActivityAt)
    }

    static let messageColumns = "id, ticketID, authorKind, authorContactID, authorName, kind, body, createdAt"

    static func message(_ row: PostgresRow) throws -> TicketMessage {
        let (id, ticketID, authorKind, authorContactID, authorName, kind, body, createdAt) = try row.decode(
            (Int64, Int64, String, Int64?, String, String, String, Date).self)
        let author: TicketMessage.Author =
            authorKind == "agent" ? .agent(authorContactID, name: authorName) : .contact(authorContactID ?? 0, name: authorName)
        return TicketMessage(
            id: id, ticketID: ticketID, author: author, kind: TicketMessage.Kind(rawValue: kind) ?? .internalNote, body: body, createdAt: createdAt)
    }

    static let tokenColumns = "digest, purpose, email, contactID, listID, passwordHash, name, securityStamp, expiresAt, createdAt"

    static func token(_ row: PostgresRow) throws -> IssuedToken? {
        let (digest, purpose, email, contactID, listID, passwordHash, name, stamp, expiresAt, createdAt) = try row.decode(
            (String, String, String, Int64?, Int64?, String?, String?, Int, Date, Date).self)
        guard let purpose = IssuedToken.Purpose(rawValue: purpose), let email = EmailAddress(email) else { return nil }
        return IssuedToken(
            digest: digest, purpose: purpose, email: email, contactID: contactID, listID: listID, passwordHash: passwordHash, name: name,
            securityStamp: stamp, expiresAt: expiresAt, createdAt: createdAt)
    }
}
