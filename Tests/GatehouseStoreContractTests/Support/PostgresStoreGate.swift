/// Limits how many PostgreSQL stores the suite holds open at once. Swift Testing starts every test case
/// concurrently, and each store keeps a pool of connections, which all count against the one server's
/// `max_connections` (shared with the other suites that use it).
actor PostgresStoreGate {
    static let shared = PostgresStoreGate(capacity: 6)
    /// Each store's pool: enough for the concurrency tests to overlap transactions on the server.
    static let connectionsPerStore = 5

    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        available = capacity
    }

    func enter() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
