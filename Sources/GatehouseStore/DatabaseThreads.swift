import NIOPosix

/// The threads that make SQLite's blocking calls: a few readers, and one writer (SQLite has one writer
/// at a time anyway, so a second writing thread would only wait).
///
/// Only these threads ever wait inside GRDB: for a free reader connection, the writer, the disk. None of
/// what they wait for needs an event loop or a Swift Concurrency executor to make progress, so no wait
/// can close a cycle. The caller suspends, and resumes on its own executor when the work is done.
final class DatabaseThreads: Sendable {
    private let readers: NIOThreadPool
    private let writer: NIOThreadPool

    init(readers count: Int) {
        readers = NIOThreadPool(numberOfThreads: count)
        writer = NIOThreadPool(numberOfThreads: 1)
        readers.start()
        writer.start()
    }

    func reading<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await readers.runIfActive(body)
    }

    func writing<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await writer.runIfActive(body)
    }

    deinit {
        // Queued work still runs; the threads end afterwards.
        readers.shutdownGracefully { _ in }
        writer.shutdownGracefully { _ in }
    }
}
