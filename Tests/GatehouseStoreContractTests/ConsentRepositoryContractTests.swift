import Foundation
import GatehouseCore
import Testing

@Suite struct ConsentRepositoryContractTests {
    let now = contractNow

    @Test("Consents read back per contact, in the order they were recorded, refusals included", arguments: StoreKind.testedKinds)
    func record(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let consents = repositories.consents
            let alice = try await repositories.newContact("alice@example.com")
            let bob = try await repositories.newContact("bob@example.com")
            #expect(try await consents.consents(of: alice.id) == [])
            let records = [
                ConsentRecord(contactID: alice.id, textVersion: "sha256:v2", accepted: true, recordedAt: now + 60),
                ConsentRecord(contactID: alice.id, textVersion: "sha256:v1", accepted: false, recordedAt: now),
                ConsentRecord(contactID: alice.id, textVersion: "sha256:v2", accepted: true, recordedAt: now + 60),
            ]
            for record in records { try await consents.record(record) }
            try await consents.record(ConsentRecord(contactID: bob.id, textVersion: "sha256:v1", accepted: true, recordedAt: now))
            #expect(try await consents.consents(of: alice.id) == records)
            #expect(
                try await consents.consents(of: bob.id) == [
                    ConsentRecord(contactID: bob.id, textVersion: "sha256:v1", accepted: true, recordedAt: now)
                ])
            #expect(try await consents.consents(of: bob.id + 1000) == [])
        }
    }
}
