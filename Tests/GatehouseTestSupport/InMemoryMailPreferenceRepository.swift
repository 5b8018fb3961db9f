import Foundation
import GatehouseCore

public struct InMemoryMailPreferenceRepository: MailPreferenceRepository {
    let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func preferences(of addresses: [EmailAddress]) async throws -> [EmailAddress: MailPreference] {
        storage.read { state in state.mailPreferences.filter { addresses.contains($0.key) } }
    }

    public func setLanguage(_ language: String, for address: EmailAddress) async throws {
        storage.write { $0.mailPreferences[address, default: MailPreference()].language = language }
    }

    public func setNotificationsOff(_ offAt: Date?, for address: EmailAddress) async throws {
        storage.write { $0.mailPreferences[address, default: MailPreference()].notificationsOffAt = offAt }
    }

    public func signingKey() async throws -> Data {
        storage.write { state in
            if let key = state.signingKey { return key }
            let key = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
            state.signingKey = key
            return key
        }
    }
}
