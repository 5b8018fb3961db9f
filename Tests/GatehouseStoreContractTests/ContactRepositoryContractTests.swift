import Foundation
import GatehouseCore
import Testing

@Suite struct ContactRepositoryContractTests {
    let now = contractNow

    @Test("A created contact reads back by id and by email, every field as written", arguments: StoreKind.testedKinds)
    func createAndRead(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let contacts = repositories.contacts
            let created = try await contacts.createContact(
                email: .init("Alice@Example.com")!, name: "Alice Müller 🙂", verified: false, isPortalAdmin: true, at: now)
            #expect(
                created
                    == Contact(
                        id: created.id, email: .init("alice@example.com")!, name: "Alice Müller 🙂", verified: false, isPortalAdmin: true,
                        isAgent: false, createdAt: now, securityStamp: 0))
            #expect(try await contacts.contact(id: created.id) == created)
            #expect(try await contacts.contact(email: .init("alice@EXAMPLE.com")!) == created)
            #expect(try await contacts.contact(id: created.id + 1) == nil)
            #expect(try await contacts.contact(email: .init("bob@example.com")!) == nil)
            let bob = try await contacts.createContact(email: .init("bob@example.com")!, name: "Bob", verified: true, isPortalAdmin: false, at: now)
            #expect(bob.id != created.id)
            #expect(bob.verified && !bob.isPortalAdmin)
        }
    }

    @Test("A second contact with the same email, however it is cased, is StoreError.conflict and changes nothing", arguments: StoreKind.testedKinds)
    func uniqueEmail(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let contacts = repositories.contacts
            let alice = try await contacts.createContact(
                email: .init("Alice@Example.com")!, name: "Alice", verified: false, isPortalAdmin: false, at: now)
            await expectStoreError(.conflict) {
                try await contacts.createContact(email: .init("alice@example.com")!, name: "Other", verified: true, isPortalAdmin: true, at: now)
            }
            await expectStoreError(.conflict) {
                try await contacts.createContact(email: .init("ALICE@example.COM")!, name: "Other", verified: true, isPortalAdmin: true, at: now)
            }
            #expect(try await contacts.contact(email: .init("alice@example.com")!) == alice)
            #expect(try await contacts.allContacts() == [alice])
        }
    }

    @Test("markVerified, setPortalAdmin and setAgent change only their flag, both ways", arguments: StoreKind.testedKinds)
    func flags(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let contacts = repositories.contacts
            let alice = try await repositories.newContact("alice@example.com", verified: false)
            let bob = try await repositories.newContact("bob@example.com", verified: false)
            try await contacts.markVerified(alice.id)
            try await contacts.markVerified(alice.id)
            var expected = alice
            expected.verified = true
            #expect(try await contacts.contact(id: alice.id) == expected)
            try await contacts.setPortalAdmin(alice.id, true)
            expected.isPortalAdmin = true
            #expect(try await contacts.contact(id: alice.id) == expected)
            try await contacts.setAgent(alice.id, true)
            expected.isAgent = true
            #expect(try await contacts.contact(id: alice.id) == expected)
            #expect(expected.worksTickets)
            try await contacts.setPortalAdmin(alice.id, false)
            try await contacts.setAgent(alice.id, false)
            expected.isPortalAdmin = false
            expected.isAgent = false
            #expect(try await contacts.contact(id: alice.id) == expected)
            #expect(try await contacts.contact(id: bob.id) == bob)
        }
    }

    @Test("Changing a contact that does not exist is StoreError.notFound", arguments: StoreKind.testedKinds)
    func missingContact(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let contacts = repositories.contacts
            let alice = try await repositories.newContact("alice@example.com")
            let missing = alice.id + 1000
            await expectStoreError(.notFound) { try await contacts.markVerified(missing) }
            await expectStoreError(.notFound) { try await contacts.setPortalAdmin(missing, true) }
            await expectStoreError(.notFound) { try await contacts.setAgent(missing, true) }
            #expect(try await contacts.allContacts() == [alice])
        }
    }

    @Test("allContacts lists every contact by email; listNames the contact's lists by name", arguments: StoreKind.testedKinds)
    func listing(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            #expect(try await repositories.contacts.allContacts() == [])
            let carol = try await repositories.newContact("carol@example.com")
            let alice = try await repositories.newContact("alice@example.com", at: now + 1)
            let bob = try await repositories.newContact("bob@example.com", at: now + 2)
            #expect(try await repositories.contacts.allContacts() == [alice, bob, carol])
            #expect(try await repositories.contacts.listNames(of: alice.id) == [])
            let partners = try await repositories.lists.createList(named: "Partners", at: now)
            let customers = try await repositories.lists.createList(named: "Customers", at: now)
            try await repositories.lists.addMember(alice.id, to: partners.id, at: now)
            try await repositories.lists.addMember(alice.id, to: customers.id, at: now)
            try await repositories.lists.addMember(bob.id, to: partners.id, at: now)
            #expect(try await repositories.contacts.listNames(of: alice.id) == ["Customers", "Partners"])
            #expect(try await repositories.contacts.listNames(of: bob.id) == ["Partners"])
            #expect(try await repositories.contacts.listNames(of: carol.id) == [])
            #expect(try await repositories.contacts.listNames(of: carol.id + 1000) == [])
        }
    }

    @Test("Names sort case-insensitively in listNames, as list names are unique case-insensitively", arguments: StoreKind.testedKinds)
    func listNamesIgnoreCase(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let alice = try await repositories.newContact("alice@example.com")
            for name in ["partners", "Beta", "alpha", "Customers"] {
                let list = try await repositories.lists.createList(named: name, at: now)
                try await repositories.lists.addMember(alice.id, to: list.id, at: now)
            }
            let names = try await repositories.contacts.listNames(of: alice.id)
            #expect(names == ["alpha", "Beta", "Customers", "partners"])
        }
    }
}
