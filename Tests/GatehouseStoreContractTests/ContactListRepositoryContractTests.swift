import Foundation
import GatehouseCore
import Testing

@Suite struct ContactListRepositoryContractTests {
    let now = contractNow

    @Test("A created list reads back by name, looked up case-insensitively", arguments: StoreKind.testedKinds)
    func createAndFind(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let lists = repositories.lists
            let customers = try await lists.createList(named: "Customers", at: now)
            #expect(customers == ContactList(id: customers.id, name: "Customers", createdAt: now))
            #expect(try await lists.list(named: "Customers") == customers)
            #expect(try await lists.list(named: "CUSTOMERS") == customers)
            #expect(try await lists.list(named: "customers") == customers)
            #expect(try await lists.list(named: "Customer") == nil)
            #expect(try await lists.list(named: "Partners") == nil)
            let partners = try await lists.createList(named: "Partners", at: now + 1)
            #expect(partners.id != customers.id)
            #expect(try await lists.list(named: "partners") == partners)
        }
    }

    @Test("A list name taken in any case is StoreError.conflict", arguments: StoreKind.testedKinds)
    func uniqueName(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let lists = repositories.lists
            let customers = try await lists.createList(named: "Customers", at: now)
            await expectStoreError(.conflict) { try await lists.createList(named: "Customers", at: now) }
            await expectStoreError(.conflict) { try await lists.createList(named: "customers", at: now) }
            await expectStoreError(.conflict) { try await lists.createList(named: "CUSTOMERS", at: now) }
            #expect(try await lists.allLists() == [customers])
        }
    }

    @Test("allLists lists every list by name, case-insensitively", arguments: StoreKind.testedKinds)
    func allLists(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let lists = repositories.lists
            #expect(try await lists.allLists() == [])
            var created: [String: ContactList] = [:]
            for name in ["partners", "Beta", "alpha", "Customers"] { created[name] = try await lists.createList(named: name, at: now) }
            let all = try await lists.allLists()
            #expect(all.map(\.name) == ["alpha", "Beta", "Customers", "partners"])
            #expect(all == ["alpha", "Beta", "Customers", "partners"].map { created[$0]! })
        }
    }

    @Test("Members: adding twice keeps one membership, removing ends it, members sort by email", arguments: StoreKind.testedKinds)
    func members(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let lists = repositories.lists
            let carol = try await repositories.newContact("carol@example.com")
            let alice = try await repositories.newContact("alice@example.com")
            let bob = try await repositories.newContact("bob@example.com")
            let customers = try await lists.createList(named: "Customers", at: now)
            let partners = try await lists.createList(named: "Partners", at: now)
            #expect(try await lists.members(of: customers.id) == [])
            try await lists.addMember(carol.id, to: customers.id, at: now)
            try await lists.addMember(alice.id, to: customers.id, at: now)
            try await lists.addMember(alice.id, to: customers.id, at: now + 1)
            try await lists.addMember(bob.id, to: partners.id, at: now)
            #expect(try await lists.members(of: customers.id) == [alice, carol])
            #expect(try await lists.members(of: partners.id) == [bob])
            #expect(try await repositories.contacts.listNames(of: alice.id) == ["Customers"])
            try await lists.removeMember(alice.id, from: customers.id)
            try await lists.removeMember(alice.id, from: customers.id)
            try await lists.removeMember(bob.id, from: customers.id)
            #expect(try await lists.members(of: customers.id) == [carol])
            #expect(try await lists.members(of: partners.id) == [bob])
            #expect(try await repositories.contacts.listNames(of: alice.id) == [])
            #expect(try await lists.members(of: partners.id + 1000) == [])
        }
    }

    @Test("Members read back as they are now, not as they were when added", arguments: StoreKind.testedKinds)
    func membersAreCurrent(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let alice = try await repositories.newContact("alice@example.com", verified: false)
            let list = try await repositories.lists.createList(named: "Customers", at: now)
            try await repositories.lists.addMember(alice.id, to: list.id, at: now)
            try await repositories.contacts.markVerified(alice.id)
            try await repositories.contacts.setAgent(alice.id, true)
            let current = try #require(try await repositories.contacts.contact(id: alice.id))
            #expect(try await repositories.lists.members(of: list.id) == [current])
        }
    }
}
