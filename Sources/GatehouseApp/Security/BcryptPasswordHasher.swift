import GatehouseCore
import HummingbirdBcrypt
import NIOPosix

/// bcrypt from hummingbird-auth, run on NIO's blocking thread pool: one hash costs ~100 ms at cost 12
/// and must not stall the event loop or the cooperative executor.
public struct BcryptPasswordHasher: PasswordHasher {
    public let cost: UInt8
    let threadPool: NIOThreadPool

    public init(cost: UInt8 = 12, threadPool: NIOThreadPool = .singleton) {
        self.cost = cost
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
