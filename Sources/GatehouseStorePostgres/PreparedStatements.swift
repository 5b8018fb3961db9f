import Foundation
import GatehouseCore
import PostgresNIO

/// The statements on every signed-in page (the session, the contact, the customer's ticket list and
/// search) and every sign-in (the registry's revision, the identity's contact, its lists, the commit),
/// sent as named prepared statements: PostgreSQL parses each once per connection and, after a
/// few calls, plans it once. postgres-nio sends every `PostgresQuery` unnamed, which is parsed and planned
/// again at each call; for these short index lookups that cost as much as running them (measured by
/// `GatehouseBenchmarks stores`). Their plans do not depend on the values (always the same index), so a
/// generic plan is as good as a custom one. Every other statement stays a `PostgresQuery`.
///
/// Names are short and explicit: PostgreSQL keeps only the first 63 bytes of a statement's name, and the
/// default (the Swift type's full name) would collide.
protocol PreparedQuery: PostgresPreparedStatement where Row == PostgresRow {}

extension PreparedQuery {
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension PostgresConnection {
    /// Every row of a prepared statement.
    func rows<Statement: PreparedQuery>(_ statement: Statement, _ logger: Logger) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}

/// A session record with the contact it names (`LEFT JOIN`: every column of the contact NULL when there
/// is none): the two reads of every signed-in request in one round trip. The contact's columns come
/// first, in ``PostgresRows/contactColumns``' order, so ``PostgresRows/contact(_:)`` decodes them.
struct LoadSessionStatement: PreparedQuery {
    static let name = "gatehouse.session.load"
    static let sql = """
        SELECT c.id, c.email, c.name, c.verified, c.isPortalAdmin, c.isAgent, c.createdAt, c.securityStamp, s.value, s.contactID
        FROM session s LEFT JOIN contact c ON c.id = s.contactID
        WHERE s.keyDigest = $1 AND (s.expiresAt IS NULL OR s.expiresAt > $2)
        """
    let keyDigest: String
    let now: Date

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(keyDigest)
        bindings.append(now)
        return bindings
    }
}

/// A contact by id.
struct ContactByIDStatement: PreparedQuery {
    static let name = "gatehouse.contact.by_id"
    static let sql = "SELECT \(PostgresRows.contactColumns) FROM contact WHERE id = $1"
    let id: Int64

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }
}

/// What selects a customer's tickets: their `ticketContact` rows, the status filter, the
/// ``PortalTicketFilter``, the words searched for, the order and the page. A customer has tens of
/// tickets, so the sort (a `CASE` on the order) costs nothing and one statement serves both orders.
struct CustomerTicketSelection: Sendable {
    let contactID: Int64
    let status: String?
    let pipelines: [String]
    let priorities: [String]
    let createdAfter: Date?
    let sort: String
    let limit: Int?
    let offset: Int
    /// ``TicketSearchTerms/tsquery``, for ``CustomerTicketSearchStatement``.
    var search: String?

    /// One page of the selection with the total of every matching ticket in each row (`COUNT(*) OVER ()`:
    /// one statement instead of a count and a page).
    ///
    /// The search is matched row by row on the contact's own tickets' lexemes, with `ts_match_vq` (the
    /// function behind `@@`) so that the planner cannot use the GIN index: a generic plan for "every
    /// ticket with this word" would read all the hits of a common word in the whole database to keep a
    /// few of the contact's tens of tickets. The lexemes and the query come from the same folding as
    /// ``TicketSearchTerms/matches(_:)``, so results equal the SQLite store's.
    static func sql(searching: Bool) -> String {
        let (join, match) =
            searching ? ("JOIN ticketSearch s ON s.ticketID = t.id", "AND ts_match_vq(s.words, $9::tsquery)") : ("", "")
        return """
            SELECT \(PostgresRows.ticketColumns), COUNT(*) OVER () FROM ticketContact tc JOIN ticket t ON t.id = tc.ticketID \(join)
            WHERE tc.contactID = $1 AND ($2::text IS NULL OR t.status = $2)
              AND (cardinality($3::text[]) = 0 OR t.pipeline = ANY($3::text[]))
              AND (cardinality($4::text[]) = 0 OR t.priority = ANY($4::text[]))
              AND ($5::timestamptz IS NULL OR t.createdAt > $5) \(match)
            ORDER BY CASE WHEN $6::text = 'created' THEN t.createdAt ELSE t.lastActivityAt END DESC, t.id DESC
            LIMIT $7::bigint OFFSET $8::bigint
            """
    }

    var bindings: PostgresBindings {
        var bindings = PostgresBindings(capacity: 9)
        bindings.append(contactID)
        bindings.append(status)
        bindings.append(pipelines)
        bindings.append(priorities)
        bindings.append(createdAfter)
        bindings.append(sort)
        bindings.append(limit.map(Int64.init))
        bindings.append(Int64(offset))
        if let search { bindings.append(search) }
        return bindings
    }
}

/// A page of a customer's tickets.
struct CustomerTicketPageStatement: PreparedQuery {
    static let name = "gatehouse.tickets.customer_page"
    static let sql = CustomerTicketSelection.sql(searching: false)
    let selection: CustomerTicketSelection

    func makeBindings() -> PostgresBindings { selection.bindings }
}

/// A page of a customer's tickets that contain every word searched for.
struct CustomerTicketSearchStatement: PreparedQuery {
    static let name = "gatehouse.tickets.customer_search"
    static let sql = CustomerTicketSelection.sql(searching: true)
    let selection: CustomerTicketSelection

    func makeBindings() -> PostgresBindings { selection.bindings }
}

/// The contact an external identity is linked to (every SAML, JWT and OIDC sign-in).
struct IdentityContactStatement: PreparedQuery {
    static let name = "gatehouse.identity.contact"
    static let sql = "SELECT contactID FROM identity WHERE kind = $1 AND issuer = $2 AND subject = $3"
    let identity: ExternalIdentity

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(identity.kind.rawValue)
        bindings.append(identity.issuer)
        bindings.append(identity.subject)
        return bindings
    }
}

/// The names of a contact's lists, in the SQLite store's order (every sign-in's audience rule).
struct ContactListNamesStatement: PreparedQuery {
    static let name = "gatehouse.contact.list_names"
    static let sql = """
        SELECT contactList.name FROM contactList JOIN listMembership ON listMembership.listID = contactList.id
        WHERE listMembership.contactID = $1 ORDER BY lower(contactList.name) COLLATE "C", contactList.name COLLATE "C"
        """
    let contactID: Int64

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(contactID)
        return bindings
    }
}

/// The revision of the IdP registry (every SAML request and response checks it).
struct IdentityProviderRevisionStatement: PreparedQuery {
    static let name = "gatehouse.identity_provider.revision"
    static let sql = "SELECT COUNT(*), MAX(addedAt) FROM identityProvider"
    func makeBindings() -> PostgresBindings { PostgresBindings() }
}

/// The revision of the JWT app registry (every JWT sign-in checks it).
struct JWTAppRevisionStatement: PreparedQuery {
    static let name = "gatehouse.jwt_app.revision"
    static let sql = "SELECT COUNT(*), MAX(addedAt) FROM jwtApp"
    func makeBindings() -> PostgresBindings { PostgresBindings() }
}
