import Foundation
import GRDB
import GatehouseCore

struct JWTAppRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "jwtApp"

    var id: String
    var algorithm: String
    var key: String
    var issuer: String
    var audience: String
    var maxAge: Double
    var addedAt: Date

    init(_ app: JWTApp) {
        id = app.id
        algorithm = app.algorithm.rawValue
        key = app.key
        issuer = app.issuer
        audience = app.audience
        maxAge = app.maxAge
        addedAt = app.addedAt
    }

    var app: JWTApp? {
        JWTApp.Algorithm(rawValue: algorithm).map {
            JWTApp(id: id, algorithm: $0, key: key, issuer: issuer, audience: audience, maxAge: maxAge, addedAt: addedAt)
        }
    }
}
