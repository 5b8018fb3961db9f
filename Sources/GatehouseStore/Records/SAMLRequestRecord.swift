import Foundation
import GRDB
import GatehouseCore

struct SAMLRequestRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "samlRequest"

    enum Columns {
        static let requestID = Column(CodingKeys.requestID)
        static let browserKeyDigest = Column(CodingKeys.browserKeyDigest)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }

    var requestID: String
    var identityProvider: String
    var browserKeyDigest: String
    var returnTo: String
    var createdAt: Date
    var expiresAt: Date

    init(_ request: PendingSAMLRequest) {
        requestID = request.requestID
        identityProvider = request.identityProvider
        browserKeyDigest = request.browserKeyDigest
        returnTo = request.returnTo
        createdAt = request.createdAt
        expiresAt = request.expiresAt
    }

    var request: PendingSAMLRequest {
        PendingSAMLRequest(
            requestID: requestID, identityProvider: identityProvider, browserKeyDigest: browserKeyDigest, returnTo: returnTo, createdAt: createdAt,
            expiresAt: expiresAt)
    }
}
