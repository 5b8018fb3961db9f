import Foundation
import GatehouseCore
import Testing

@Suite struct IdentityProviderRegistryContractTests {
    let now = contractNow

    func provider(_ entityID: String, name: String, metadata: String = "<md:EntityDescriptor/>", at date: Date? = nil) -> StoredIdentityProvider {
        StoredIdentityProvider(entityID: entityID, name: name, metadataXML: metadata, addedAt: date ?? now)
    }

    @Test("IdPs round-trip with every setting, listed by name", arguments: StoreKind.testedKinds)
    func roundTrip(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let registry = repositories.identityProviders
            #expect(try await registry.all() == [])
            let okta = StoredIdentityProvider(
                entityID: "https://okta.example.com/saml", name: "okta", metadataXML: "<md:EntityDescriptor entityID=\"x\">é</md:EntityDescriptor>",
                allowsUnsolicited: true, allowsSHA1: true, clockSkew: 12.5, emailAttribute: "mail", nameAttribute: "displayName", addedAt: now)
            let azure = provider("https://azure.example.com", name: "azure", at: now + 1)
            let beta = provider("https://beta.example.com", name: "Beta", at: now + 2)
            for idp in [okta, azure, beta] { try await registry.save(idp) }
            // By name, case-insensitively (names are unique case-insensitively).
            let all = try await registry.all()
            #expect(all.map(\.name) == ["azure", "Beta", "okta"])
            #expect(all == [azure, beta, okta])
        }
    }

    @Test("Saving an entityID again replaces it; another entityID with a taken name is StoreError.conflict", arguments: StoreKind.testedKinds)
    func replaceAndConflict(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let registry = repositories.identityProviders
            try await registry.save(provider("https://idp", name: "okta"))
            let replaced = StoredIdentityProvider(
                entityID: "https://idp", name: "okta-new", metadataXML: "<md2/>", allowsUnsolicited: true, clockSkew: 30, addedAt: now + 60)
            try await registry.save(replaced)
            #expect(try await registry.all() == [replaced])
            await expectStoreError(.conflict) { try await registry.save(provider("https://other", name: "okta-new")) }
            await expectStoreError(.conflict) { try await registry.save(provider("https://other", name: "OKTA-NEW")) }
            #expect(try await registry.all() == [replaced])
            // Its own name, in another case, is no conflict.
            let renamed = provider("https://idp", name: "OKTA-NEW", at: now + 120)
            try await registry.save(renamed)
            #expect(try await registry.all() == [renamed])
        }
    }

    @Test("remove reports whether an IdP was removed", arguments: StoreKind.testedKinds)
    func remove(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let registry = repositories.identityProviders
            try await registry.save(provider("https://idp", name: "okta"))
            try await registry.save(provider("https://other", name: "azure"))
            #expect(try await !registry.remove(entityID: "https://IDP"))
            #expect(try await registry.remove(entityID: "https://idp"))
            #expect(try await !registry.remove(entityID: "https://idp"))
            #expect(try await registry.all().map(\.name) == ["azure"])
            // The name is free again.
            try await registry.save(provider("https://third", name: "okta"))
        }
    }

    @Test("The revision changes when an IdP is added, replaced or removed, and only then", arguments: StoreKind.testedKinds)
    func revision(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let registry = repositories.identityProviders
            var seen = [try await registry.revision()]
            #expect(try await registry.revision() == seen.last)
            try await registry.save(provider("https://idp", name: "okta", at: now))
            seen.append(try await registry.revision())
            try await registry.save(provider("https://other", name: "azure", at: now))
            seen.append(try await registry.revision())
            #expect(try await registry.revision() == seen.last)
            try await registry.save(provider("https://idp", name: "okta", metadata: "<new/>", at: now + 60))
            seen.append(try await registry.revision())
            #expect(try await registry.remove(entityID: "https://other"))
            seen.append(try await registry.revision())
            #expect(try await registry.remove(entityID: "https://idp"))
            seen.append(try await registry.revision())
            #expect(Set(seen.dropLast()).count == seen.count - 1, "\(seen)")
            #expect(seen[seen.count - 1] != seen[seen.count - 2])
            #expect(try await registry.revision() == seen.last)
        }
    }
}
