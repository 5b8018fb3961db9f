import Foundation
import GatehouseCore

/// The rows of ``InMemoryStorage/State`` that carry more than the domain value they hold.
extension InMemoryStorage {
    public struct StoredToken: Sendable, Equatable {
        public var token: IssuedToken
        public var usedAt: Date?

        public init(token: IssuedToken, usedAt: Date? = nil) {
            self.token = token
            self.usedAt = usedAt
        }
    }

    public struct StoredRequest: Sendable, Equatable {
        public var request: AccountRequest
        public var leasedUntil: Date?
        public var completedAt: Date?
        public var outcome: String?

        public init(request: AccountRequest, leasedUntil: Date? = nil, completedAt: Date? = nil, outcome: String? = nil) {
            self.request = request
            self.leasedUntil = leasedUntil
            self.completedAt = completedAt
            self.outcome = outcome
        }
    }

    public struct Attempt: Sendable, Equatable {
        public var account: String
        public var client: String
        public var address: String
        public var startedAt: Date
        public var finishedAt: Date?
        public var failed = false

        public init(account: String, client: String, address: String, startedAt: Date, finishedAt: Date? = nil, failed: Bool = false) {
            self.account = account
            self.client = client
            self.address = address
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.failed = failed
        }
    }

    public struct StoredSession: Sendable, Equatable {
        public var value: Data
        public var expiresAt: Date?
        public var contactID: Contact.ID?

        public init(value: Data, expiresAt: Date?, contactID: Contact.ID?) {
            self.value = value
            self.expiresAt = expiresAt
            self.contactID = contactID
        }
    }

    public struct ReplayKey: Sendable, Hashable {
        public var namespace: String
        public var key: String

        public init(namespace: String, key: String) {
            self.namespace = namespace
            self.key = key
        }
    }
}
