import Foundation
import GRDB

struct SessionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"

    enum Columns {
        static let keyDigest = Column(CodingKeys.keyDigest)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }

    var keyDigest: String
    var value: Data
    var expiresAt: Date?
    /// The signed-in contact, so that a password change can end the account's sessions.
    var contactID: Int64?
}
