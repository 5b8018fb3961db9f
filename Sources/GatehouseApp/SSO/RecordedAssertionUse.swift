import Foundation
import SAML
import Synchronization

/// The validator's replay cache during one ACS request: it notes the assertion instead of recording it,
/// and the ACS handler then records it in the persistent ledger (an async database write the
/// synchronous validator cannot await). No session is granted unless that write succeeds.
final class RecordedAssertionUse: AssertionReplayCache {
    struct Use: Sendable {
        var assertionID: String
        var issuer: String
        var expiry: Date
    }

    private let noted = Mutex<Use?>(nil)

    var use: Use? { noted.withLock { $0 } }

    func markUsed(assertionID: String, issuer: String, until expiry: Date, now: Date) throws -> Bool {
        noted.withLock { $0 = Use(assertionID: assertionID, issuer: issuer, expiry: expiry) }
        return true
    }
}
