import Foundation
import GatehouseCore
import PostgresNIO

/// A sign-in's closing writes as ONE statement: one round trip and one commit (one WAL flush with
/// `synchronous_commit = on`), where a transaction of separate statements costs a round trip each plus
/// `BEGIN` and `COMMIT`. Each write is a data-modifying CTE that runs only if the ones it depends on did:
/// the request's `DELETE … RETURNING` (of two instances using one request, the second finds nothing),
/// then the replay entry's conditional insert (of two instances recording one value, the second's
/// `ON CONFLICT … WHERE expired` returns nothing), then the audit event and the sessions. A request that
/// is not pending stops everything; a replayed value stops everything but the request's use, as on the
/// other stores (a response refused for any reason uses up its request).
public struct PostgresSignInLedger: SignInLedger {
    let store: PostgresStore

    public init(_ store: PostgresStore) {
        self.store = store
    }

    public func commit(_ commit: SignInCommit, now: Date) async throws -> SignInCommit.Outcome {
        let rows = try await store.connection { connection in
            try await connection.rows(SignInCommitStatement(commit: commit, now: now), store.logger)
        }
        let (answered, granted) = try rows.first?.decode((Bool, Bool).self) ?? (false, false)
        return !answered ? .requestUnknown : !granted ? .replayed : .committed
    }
}

/// ``PostgresSignInLedger``'s statement, prepared (its shape never changes: absent parts are NULL).
struct SignInCommitStatement: PreparedQuery {
    static let name = "gatehouse.sign_in.commit"
    static let sql = """
        WITH taken AS (
            DELETE FROM samlRequest WHERE requestID = $1::text AND browserKeyDigest = $2::text AND expiresAt > $3::timestamptz
            RETURNING 1
        ), answered AS (
            SELECT $1::text IS NULL OR EXISTS (SELECT 1 FROM taken) AS ok
        ), recorded AS (
            INSERT INTO replayEntry (namespace, key, expiresAt)
            SELECT $4::text, $5::text, $6::timestamptz FROM answered WHERE ok AND $4::text IS NOT NULL
            ON CONFLICT (namespace, key) DO UPDATE SET expiresAt = excluded.expiresAt WHERE replayEntry.expiresAt <= $3::timestamptz
            RETURNING 1
        ), granted AS (
            SELECT ok AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM recorded)) AS ok FROM answered
        ), audited AS (
            INSERT INTO auditEvent (kind, method, contactID, email, reasonCode, detail, requestID, at)
            SELECT $7::text, $8::text, $9::bigint, $10::text, $11::text, $12::text, $13::text, $14::timestamptz FROM granted
            WHERE ok AND $7::text IS NOT NULL
        ), replaced AS (
            DELETE FROM session WHERE keyDigest = $15::text AND (SELECT ok FROM granted)
        ), started AS (
            INSERT INTO session (keyDigest, value, expiresAt, contactID)
            SELECT $16::text, $17::bytea, $18::timestamptz, $19::bigint FROM granted WHERE ok AND $16::text IS NOT NULL
            ON CONFLICT (keyDigest) DO UPDATE SET value = excluded.value, expiresAt = excluded.expiresAt, contactID = excluded.contactID
        )
        SELECT answered.ok, granted.ok FROM answered, granted
        """
    let commit: SignInCommit
    let now: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 19)
        bindings.append(commit.request?.requestID)
        bindings.append(commit.request?.browserKeyDigest)
        bindings.append(now)
        bindings.append(commit.replay?.namespace)
        bindings.append(commit.replay?.key)
        bindings.append(commit.replay?.until)
        let event = commit.event
        bindings.append(event?.kind.rawValue)
        bindings.append(event?.method?.rawValue)
        bindings.append(event?.contactID)
        bindings.append(event?.email)
        bindings.append(event?.reasonCode?.rawValue)
        // Audit detail is bounded: it may quote values from requests.
        bindings.append(event.map { String($0.detail.prefix(1000)) })
        bindings.append(event?.requestID)
        bindings.append(event?.at)
        bindings.append(commit.replacedSession)
        let session = commit.session
        bindings.append(session?.keyDigest)
        try bindings.append(session?.value)
        bindings.append(session?.expiresAt)
        bindings.append(session?.contactID)
        return bindings
    }
}
