import Foundation
import GRDB
import GatehouseCore

struct IdentityProviderRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "identityProvider"

    var entityID: String
    var name: String
    var metadataXML: String
    var allowsUnsolicited: Bool
    var allowsSHA1: Bool
    var clockSkew: Double
    var emailAttribute: String?
    var nameAttribute: String?
    var addedAt: Date

    init(_ provider: StoredIdentityProvider) {
        entityID = provider.entityID
        name = provider.name
        metadataXML = provider.metadataXML
        allowsUnsolicited = provider.allowsUnsolicited
        allowsSHA1 = provider.allowsSHA1
        clockSkew = provider.clockSkew
        emailAttribute = provider.emailAttribute
        nameAttribute = provider.nameAttribute
        addedAt = provider.addedAt
    }

    var provider: StoredIdentityProvider {
        StoredIdentityProvider(
            entityID: entityID, name: name, metadataXML: metadataXML, allowsUnsolicited: allowsUnsolicited, allowsSHA1: allowsSHA1,
            clockSkew: clockSkew, emailAttribute: emailAttribute, nameAttribute: nameAttribute, addedAt: addedAt)
    }
}
