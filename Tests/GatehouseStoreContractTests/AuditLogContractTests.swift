import Foundation
import GatehouseCore
import Testing

@Suite struct AuditLogContractTests {
    let now = contractNow

    @Test("Events round-trip with every field, newest recorded first, up to the limit", arguments: StoreKind.testedKinds)
    func recent(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let log = repositories.audit
            #expect(try await log.recent(limit: 10) == [])
            let login = AuditEvent(
                kind: .login, method: .saml, contactID: 7, email: "a@example.com", reasonCode: nil, detail: "signed in via https://idp",
                requestID: "r1",
                at: now)
            let rejection = AuditEvent(kind: .rejection, method: .jwt, reasonCode: "jwt.expired", detail: "token expired", at: now + 1)
            // Recorded later with an earlier time: the order is the order of recording.
            let admin = AuditEvent(kind: .admin, detail: "list Customers created", at: now - 60)
            let security = AuditEvent(kind: .security, method: .password, contactID: 9, detail: "password changed", requestID: "r4", at: now + 2)
            let registration = AuditEvent(kind: .registration, email: "b@example.com", detail: "queued", at: now + 3)
            for event in [login, rejection, admin, security, registration] { try await log.record(event) }
            #expect(try await log.recent(limit: 10) == [registration, security, admin, rejection, login])
            #expect(try await log.recent(limit: 2) == [registration, security])
            #expect(try await log.recent(limit: 1) == [registration])
        }
    }

    @Test("The detail is kept to its first 1000 characters", arguments: StoreKind.testedKinds)
    func boundedDetail(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let detail = String(repeating: "é", count: 999) + "xyz" + String(repeating: "y", count: 4000)
            try await repositories.audit.record(AuditEvent(kind: .rejection, reasonCode: "saml.audience_mismatch", detail: detail, at: now))
            let event = try #require(try await repositories.audit.recent(limit: 1).first)
            #expect(event.detail == String(repeating: "é", count: 999) + "x")
            #expect(event.reasonCode == "saml.audience_mismatch")
        }
    }
}
