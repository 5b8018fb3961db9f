import Foundation
import GatehouseCore
import GatehouseStore
import Testing

@Suite struct ContactRepositoryTests {
    let now = Date(timeIntervalSince1970: 1_893_456_000)

    @Test("Emails are unique case-insensitively")
    func uniqueEmail() async throws {
        let contacts = SQLiteContactRepository(try AppDatabase.temporary())
        let created = try await contacts.createContact(
            email: .init("Alice@Example.com")!, name: "Alice", verified: false, isPortalAdmin: false, at: now)
        #expect(created.email.value == "alice@example.com")
        await #expect(throws: StoreError.conflict("contact alice@example.com")) {
            try await contacts.createContact(email: .init("ALICE@example.COM")!, name: "Other", verified: true, isPortalAdmin: false, at: now)
        }
        #expect(try await contacts.contact(email: .init("alice@EXAMPLE.com")!)?.id == created.id)
        try await contacts.markVerified(created.id)
        try await contacts.setPortalAdmin(created.id, true)
        let updated = try #require(try await contacts.contact(id: created.id))
        #expect(updated.verified && updated.isPortalAdmin)
    }

    @Test("Lists: unique names, memberships, names per contact")
    func lists() async throws {
        let database = try AppDatabase.temporary()
        let contacts = SQLiteContactRepository(database)
        let lists = SQLiteContactListRepository(database)
        let alice = try await contacts.createContact(email: .init("alice@example.com")!, name: "Alice", verified: true, isPortalAdmin: false, at: now)
        let customers = try await lists.createList(named: "Customers", at: now)
        let partners = try await lists.createList(named: "Partners", at: now)
        await #expect(throws: StoreError.self) { try await lists.createList(named: "customers", at: now) }
        try await lists.addMember(alice.id, to: customers.id, at: now)
        try await lists.addMember(alice.id, to: customers.id, at: now)  // idempotent
        try await lists.addMember(alice.id, to: partners.id, at: now)
        #expect(try await contacts.listNames(of: alice.id) == ["Customers", "Partners"])
        #expect(try await lists.members(of: customers.id).map(\.id) == [alice.id])
        try await lists.removeMember(alice.id, from: customers.id)
        #expect(try await contacts.listNames(of: alice.id) == ["Partners"])
        #expect(try await lists.list(named: "PARTNERS")?.id == partners.id)
    }

    @Test("Identities: one contact per external identity, one password per contact")
    func identities() async throws {
        let database = try AppDatabase.temporary()
        let contacts = SQLiteContactRepository(database)
        let identities = SQLiteIdentityRepository(database)
        let alice = try await contacts.createContact(email: .init("alice@example.com")!, name: "Alice", verified: true, isPortalAdmin: false, at: now)
        let bob = try await contacts.createContact(email: .init("bob@example.com")!, name: "Bob", verified: true, isPortalAdmin: false, at: now)
        let okta = ExternalIdentity(kind: .saml, issuer: "http://okta", subject: "alice")
        try await identities.link(okta, to: alice.id, at: now)
        await #expect(throws: StoreError.self) { try await identities.link(okta, to: bob.id, at: now) }
        #expect(try await identities.contactID(for: okta) == alice.id)
        #expect(try await identities.contactID(for: ExternalIdentity(kind: .jwt, issuer: "http://okta", subject: "alice")) == nil)
        try await identities.setPasswordHash("h1", for: alice.id, at: now)
        try await identities.setPasswordHash("h2", for: alice.id, at: now)
        try await identities.setPasswordHash("b1", for: bob.id, at: now)
        #expect(try await identities.passwordHash(of: alice.id) == "h2")
        #expect(try await identities.passwordHash(of: bob.id) == "b1")
        try await identities.removePassword(of: alice.id)
        #expect(try await identities.passwordHash(of: alice.id) == nil)
    }
}
