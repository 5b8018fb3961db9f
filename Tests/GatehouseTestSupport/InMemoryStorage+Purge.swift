import Foundation
import GatehouseCore

/// Housekeeping with the kinds and cut-offs of `AppDatabase.purgeExpired(now:)`.
extension InMemoryStorage.State {
    /// Deletes the sessions expired by `now`; returns how many.
    public mutating func purgeSessions(now: Date) -> Int {
        let expired = sessions.filter { $0.value.expiresAt.map { $0 <= now } ?? false }.keys
        for digest in expired { sessions[digest] = nil }
        return expired.count
    }

    /// Sessions, pending SAML requests and replay entries at expiry; email tokens a day after expiry;
    /// rate-limit events and password attempts after a day; completed account requests after a week;
    /// trusted devices unused for 180 days. Returns rows deleted per table, named as the store's tables.
    public mutating func purgeExpired(now: Date) -> [String: Int] {
        let day: TimeInterval = 86_400
        var deleted: [String: Int] = [:]
        deleted["session"] = purgeSessions(now: now)
        deleted["samlRequest"] = Self.remove(from: &samlRequests) { $0.expiresAt <= now }
        deleted["replayEntry"] = Self.remove(from: &replayEntries) { $0 <= now }
        deleted["token"] = Self.remove(from: &tokens) { $0.token.expiresAt <= now.addingTimeInterval(-day) }
        var events = 0
        for key in rateEvents.keys {
            let kept = rateEvents[key]!.filter { $0 > now.addingTimeInterval(-day) }
            events += rateEvents[key]!.count - kept.count
            rateEvents[key] = kept.isEmpty ? nil : kept
        }
        deleted["rateEvent"] = events
        deleted["loginAttempt"] = Self.remove(from: &attempts) { $0.startedAt <= now.addingTimeInterval(-day) }
        let before = requests.count
        requests.removeAll { $0.completedAt.map { $0 <= now.addingTimeInterval(-7 * day) } ?? false }
        deleted["accountRequest"] = before - requests.count
        var devicesDeleted = 0
        for account in devices.keys {
            devicesDeleted += Self.remove(from: &devices[account]!) { $0 <= now.addingTimeInterval(-180 * day) }
            if devices[account]!.isEmpty { devices[account] = nil }
        }
        deleted["trustedDevice"] = devicesDeleted
        return deleted
    }

    private static func remove<Key, Value>(from table: inout [Key: Value], where expired: (Value) -> Bool) -> Int {
        let before = table.count
        table = table.filter { !expired($0.value) }
        return before - table.count
    }
}
