import Foundation
import GatehouseCore

/// ``ConsentRepository`` over ``InMemoryStorage``: each contact's consents in the order recorded.
public struct InMemoryConsentRepository: ConsentRepository {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func record(_ consent: ConsentRecord) async throws {
        storage.write { $0.consents.append(consent) }
    }

    public func consents(of contact: Contact.ID) async throws -> [ConsentRecord] {
        storage.read { $0.consents.filter { $0.contactID == contact } }
    }
}
