import Foundation

/// A directory under the system temporary directory, unique per use and removed afterwards, so
/// tests running in parallel never share files.
struct TemporaryDirectory {
    let url: URL

    static func with<R>(_ body: (TemporaryDirectory) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xmlsecurity-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(TemporaryDirectory(url: url))
    }

    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// Writes `bytes` to `name` and returns its path (what command-line tools take).
    @discardableResult
    func write(_ bytes: some Sequence<UInt8>, to name: String) throws -> String {
        try Data(bytes).write(to: file(name))
        return file(name).path
    }

    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        try write(Array(text.utf8), to: name)
    }

    func read(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: file(name)))
    }
}
