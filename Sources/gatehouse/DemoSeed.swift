import Foundation
import GatehouseApp
import GatehouseCore

/// The embedded demo's contact: created on first start, given a fresh random password on every start,
/// both printed, so the quick start can sign in without any setup. Only with `demo.enabled: true`.
struct DemoSeed {
    static let email = EmailAddress("demo@gatehouse.test")!
    let dependencies: AppDependencies

    func run() async throws {
        let now = dependencies.clock.now
        var contact = try await dependencies.contacts.contact(email: Self.email)
        if contact == nil {
            contact = try await dependencies.contacts.createContact(
                email: Self.email, name: "Demo Customer", verified: true, isPortalAdmin: false, at: now)
        }
        guard let contact else { return }
        if !contact.verified { try await dependencies.contacts.markVerified(contact.id) }
        let password = String(OneTimeToken().value.prefix(16))
        try await dependencies.identities.setPasswordHash(try await BcryptPasswordHasher().hash(password), for: contact.id, at: now)
        printUnbuffered("Demo sign-in: \(Self.email.value) / \(password)  (demo.enabled is true; the password changes on every start)")
    }
}
