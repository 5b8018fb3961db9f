import Foundation
import GatehouseCore
import Testing

@Suite struct ReasonDocumentationTests {
    @Test("The README's gateway table lists every gateway reason code with its summary; codes follow the naming rule")
    func readmeTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(Set(Reasons.catalog.map(\.code)).count == Reasons.catalog.count)
        for (code, summary) in Reasons.catalog {
            #expect(ReasonCode(code.rawValue) != nil)
            #expect(readme.contains("| `\(code.rawValue)` | \(summary) |"), "\(code) is missing from the README")
        }
    }
}
