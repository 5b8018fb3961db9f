import Foundation
import SAML
import Testing

/// The README's reason-code table is what IT admins read; it must list every code the SAML layer emits.
@Suite struct ReasonCodeDocumentationTests {
    @Test("Every SAML reason code is documented in README.md")
    func documented() throws {
        let readme = try String(contentsOf: TestKeys.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let missing = SAMLError.Code.allCases.filter { !readme.contains("`\($0.rawValue)`") }
        #expect(missing.isEmpty, "README.md does not document: \(missing.map(\.rawValue).joined(separator: ", "))")
    }

    @Test("Codes are unique, namespaced and snake_case")
    func wellFormed() {
        let codes = SAMLError.Code.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.hasPrefix("saml.") && $0.dropFirst(5).allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } })
        #expect(SAMLError.Code.allCases.allSatisfy { !$0.summary.isEmpty })
    }
}
