import Foundation
import Hummingbird
import NIOCore

/// `static-page --file F --port N`: Hummingbird with no middleware answering `GET /page` with F's bytes,
/// the framework's own cost for a page of that size (scripts/bench/http-tickets.sh's "Hummingbird static").
struct StaticPageServer {
    var file = ""
    var port = 0

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--file": file = iterator.next() ?? ""
            case "--port": port = Int(iterator.next() ?? "") ?? 0
            default: throw BenchmarkError("unknown option \(argument)")
            }
        }
        guard !file.isEmpty, port > 0 else { throw BenchmarkError("static-page needs --file PATH and --port N") }
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchmarkError("cannot read \(file)") }
        let body = ByteBuffer(bytes: data)
        let router = Router()
        router.get("page") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: body))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
