import Foundation
import GRDB
import GatehouseCore

struct APITokenRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "apiToken"

    var digest: String
    var name: String
    var createdAt: Date
    var revokedAt: Date?

    init(_ token: APIToken) {
        digest = token.digest
        name = token.name
        createdAt = token.createdAt
        revokedAt = token.revokedAt
    }

    var token: APIToken {
        APIToken(digest: digest, name: name, createdAt: createdAt, revokedAt: revokedAt)
    }
}
