import Foundation
import GRDB

struct ReplayEntryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "replayEntry"

    enum Columns {
        static let namespace = Column(CodingKeys.namespace)
        static let key = Column(CodingKeys.key)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }

    var namespace: String
    var key: String
    var expiresAt: Date
}
